import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '@gantry/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './errors';
import { registerModelLayers } from './seededDropout';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/**
 * A tfjs IOHandler that saves and loads the standard TF.js layers format (`model.json` +
 * `weights.bin`) in a folder, with plain `node:fs` — no tfjs-node needed. Files are written
 * atomically (temp file, fsync, rename), weights first, so a crash never leaves a model.json
 * pointing at missing weights. The folder loads in a browser with `tf.loadLayersModel(url)`.
 *
 * @example
 * await generator.save(fileSystemIO('runs/a/generator'));
 * const g = await tf.loadLayersModel(fileSystemIO('runs/a/generator'));
 */
export function fileSystemIO(dir: string): Required<Pick<tf.io.IOHandler, 'save' | 'load'>> {
  return {
    save: (artifacts) => writeModelFolder(dir, artifacts),
    load: () => readModelFolder(dir),
  };
}

/** Writes `weights.bin` then `model.json` into `dir`, each atomically. */
async function writeModelFolder(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new ModelError(
      'E_BAD_MODEL_FILE',
      'fileSystemIO saves layers models (JSON topology) only',
      { dir },
    );
  }
  await mkdir(dir, { recursive: true });
  const weightData =
    artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata
      ? { userDefinedMetadata: artifacts.userDefinedMetadata }
      : {}),
  };
  await atomicWriteFile(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
  const json = JSON.stringify(modelJson);
  await atomicWriteFile(join(dir, MODEL_JSON), json);
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: json.length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
      weightDataBytes: weightData.byteLength,
    },
  };
}

/** Reads `dir/model.json` and the weight files it names, checking their sizes. */
async function readModelFolder(dir: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = join(dir, MODEL_JSON);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (error) {
    throw new ModelError(
      'E_BAD_MODEL_FILE',
      `cannot read ${jsonPath}: ${(error as Error).message}`,
      { file: jsonPath },
    );
  }
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new ModelError(
      'E_BAD_MODEL_FILE',
      `${jsonPath} is not a TF.js layers model (needs modelTopology and weightsManifest)`,
      { file: jsonPath },
    );
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of modelJson.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const file = join(dir, p);
      const bytes = await readFile(file).catch((error: Error) => {
        throw new ModelError('E_BAD_MODEL_FILE', `cannot read weights ${file}: ${error.message}`, {
          file,
        });
      });
      buffers.push(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    }
  }
  const weightData = tf.io.CompositeArrayBuffer.join(buffers);
  const expected = specs.reduce(
    (n, s) =>
      n +
      s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'float32' || s.dtype === 'int32' ? 4 : 1),
    0,
  );
  if (expected !== weightData.byteLength) {
    throw new ModelError(
      'E_BAD_MODEL_FILE',
      `${dir}: weights hold ${weightData.byteLength} bytes but the manifest describes ${expected}`,
      { file: join(dir, WEIGHTS_BIN), expected, actual: weightData.byteLength },
    );
  }
  return {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    trainingConfig: modelJson.trainingConfig,
    userDefinedMetadata: modelJson.userDefinedMetadata,
    weightSpecs: specs,
    weightData,
  };
}

/** Saves a layers model to `dir` in the TF.js format (see {@link fileSystemIO}). */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(fileSystemIO(dir));
}

/** Loads a layers model saved by {@link saveModel} (or any TF.js layers model folder). */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  registerModelLayers();
  return tfl.loadLayersModel(fileSystemIO(dir));
}

/**
 * Reads the weights of a saved model folder into an existing model of the same architecture
 * (matched by weight name), e.g. to resume training a freshly built model.
 */
export async function loadWeightsInto(model: tfl.LayersModel, dir: string): Promise<void> {
  const artifacts = await fileSystemIO(dir).load();
  const tensors = tf.io.decodeWeights(
    artifacts.weightData ?? new ArrayBuffer(0),
    artifacts.weightSpecs ?? [],
  );
  try {
    model.loadWeights(tensors, true);
  } catch (error) {
    throw new ModelError(
      'E_BAD_MODEL_FILE',
      `${dir}: weights do not fit model "${model.name}": ${(error as Error).message}`,
      { file: dir },
    );
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
