import { GantryError } from '@gantry/core';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Names of the classifiers shipped in this package's `classifiers/` folder. */
export type ClassifierName = 'mnist' | 'fashion-mnist';

/** Every shipped classifier, in a fixed order. */
export const CLASSIFIER_NAMES: readonly ClassifierName[] = Object.freeze([
  'mnist',
  'fashion-mnist',
]);

/** Codes of {@link ClassifierError}. */
export type ClassifierErrorCode =
  | 'E_UNKNOWN_CLASSIFIER'
  | 'E_SHAPE'
  | 'E_DTYPE'
  | 'E_INVALID_ARGUMENT'
  | 'E_BAD_MODEL_FILE'
  | 'E_DISPOSED';

/**
 * A shipped classifier cannot be loaded or was given bad input; `details` names the argument,
 * file or shape at fault.
 */
export class ClassifierError extends GantryError<ClassifierErrorCode> {
  constructor(
    code: ClassifierErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super(code, message, cause === undefined ? { details } : { details, cause });
    this.name = 'ClassifierError';
  }
}

/** Options of {@link loadClassifier}. */
export interface LoadClassifierOptions {
  /**
   * Images per forward pass inside `features`/`probabilities`/`predict` (default 256): bounds
   * the memory of the activations (≈ 90 KB per image) whatever the number of images.
   */
  batchSize?: number;
  /**
   * Folder holding `<name>/model.json` and `<name>/weights.bin` (default: the package's own
   * `classifiers/` folder, found relative to this module in both the ESM and the CJS build).
   */
  dir?: string;
  /**
   * Where to load the TF.js layers model from instead of the file system, e.g.
   * `tf.io.browserHTTPRequest(url)` in a browser with the `classifiers/<name>/` folder served.
   */
  io?: tf.io.IOHandler;
}

/**
 * A small convolutional classifier of 28×28 grey images trained by Gantry (see
 * `classifiers/<name>/accuracy.json`): conv 3×3×32 → conv 3×3×32 stride 2 → conv 3×3×64 stride 2
 * (all ReLU) → dense 128 ReLU (the `features` layer) → dense 10 softmax.
 *
 * Input: an N×28×28×1 float32 tensor with pixels scaled to **[−1, 1]** (pixel/127.5 − 1: the
 * range of a tanh generator; {@link toClassifierInput} converts uint8 images). Each method runs
 * in batches of `batchSize`, never disposes its input and returns a new tensor the caller owns.
 */
export interface Classifier {
  readonly name: ClassifierName;
  /** Class names, index = label. */
  readonly classNames: readonly string[];
  /** Width of {@link Classifier.features} (128). */
  readonly featureDim: number;
  /** Number of classes (10). */
  readonly numClasses: number;
  /** Shape of one input image: [28, 28, 1]. */
  readonly inputShape: readonly [number, number, number];
  readonly batchSize: number;
  /** N×featureDim activations of the penultimate (`features`, ReLU) layer, e.g. for FID/KID. */
  features(images: tf.Tensor4D): tf.Tensor2D;
  /** N×numClasses softmax outputs (rows sum to 1), e.g. for an Inception-style score. */
  probabilities(images: tf.Tensor4D): tf.Tensor2D;
  /** N int32 labels: the argmax of {@link Classifier.probabilities}. */
  predict(images: tf.Tensor4D): tf.Tensor1D;
  /** Frees the weights; later calls throw `E_DISPOSED`. Calling it twice is harmless. */
  dispose(): void;
}

const CLASS_NAMES: Record<ClassifierName, readonly string[]> = {
  mnist: MNIST_CLASSES,
  'fashion-mnist': FASHION_MNIST_CLASSES,
};
const HEIGHT = 28;
const WIDTH = 28;
const FEATURE_LAYER = 'features';
const DEFAULT_BATCH = 256;

function isClassifierName(name: unknown): name is ClassifierName {
  return typeof name === 'string' && (CLASSIFIER_NAMES as readonly string[]).includes(name);
}

/**
 * Converts uint8 grey images (N·28·28 bytes, 0..255, e.g. an `ImageSet`'s `images`) to the
 * N×28×28×1 float32 input of a {@link Classifier}, scaled to [−1, 1] (pixel/127.5 − 1).
 *
 * @example
 * const x = toClassifierInput(set.images); // set from loadMnistSample()
 */
export function toClassifierInput(pixels: Uint8Array): tf.Tensor4D {
  const size = HEIGHT * WIDTH;
  if (!(pixels instanceof Uint8Array) || pixels.length % size !== 0) {
    throw new ClassifierError(
      'E_SHAPE',
      `toClassifierInput: pixels must be a Uint8Array of N·${HEIGHT}·${WIDTH} bytes, got ${
        pixels instanceof Uint8Array ? `${pixels.length} bytes` : typeof pixels
      }`,
      { argument: 'pixels', length: (pixels as { length?: unknown })?.length },
    );
  }
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 127.5 - 1;
  return tf.tensor4d(out, [pixels.length / size, HEIGHT, WIDTH, 1]);
}

/** The package's `classifiers/` folder: `dist/../classifiers` or `src/../classifiers`. */
async function defaultClassifiersDir(): Promise<string> {
  const { join } = await import('node:path');
  // CJS build: `import.meta` is empty there, but `__dirname` (dist/) is defined.
  if (typeof __dirname !== 'undefined') return join(__dirname, '..', 'classifiers');
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(new URL('../classifiers/', import.meta.url));
}

/** An IOHandler that reads `<dir>/model.json` and the weight files it names with node:fs. */
async function readModelFolder(dir: string): Promise<tf.io.ModelArtifacts> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const jsonPath = join(dir, 'model.json');
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `cannot read ${jsonPath}: ${(error as Error).message}`,
      { file: jsonPath },
    );
  }
  if (
    modelJson === null ||
    typeof modelJson !== 'object' ||
    !modelJson.modelTopology ||
    !Array.isArray(modelJson.weightsManifest)
  ) {
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `${jsonPath} is not a TF.js layers model (needs modelTopology and weightsManifest)`,
      { file: jsonPath },
    );
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const file = join(dir, p);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new ClassifierError(
          'E_BAD_MODEL_FILE',
          `cannot read weights ${file}: ${(error as Error).message}`,
          { file },
        );
      }
      buffers.push(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    }
  }
  const weightData = tf.io.CompositeArrayBuffer.join(buffers);
  const bytesPer = (dtype: string) => (dtype === 'float32' || dtype === 'int32' ? 4 : 1);
  const expected = weightSpecs.reduce(
    (n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesPer(s.dtype),
    0,
  );
  if (expected !== weightData.byteLength) {
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `${dir}: weights hold ${weightData.byteLength} bytes but ${jsonPath} describes ${expected}`,
      { file: jsonPath, expected, actual: weightData.byteLength },
    );
  }
  return {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    userDefinedMetadata: modelJson.userDefinedMetadata,
    weightSpecs,
    weightData,
  };
}

/**
 * Loads one of the classifiers shipped with this package (`'mnist'`: trained on the embedded
 * MNIST sample, 98% on held-out digits; `'fashion-mnist'`: trained on Fashion-MNIST, ~91% on its
 * test set — see `classifiers/<name>/accuracy.json`). Reads the files with `node:fs` unless
 * `options.io` is given. Runs on the current tfjs backend; call `dispose()` when done.
 *
 * @example
 * const clf = await loadClassifier('mnist');
 * const x = toClassifierInput((await loadMnistSample()).images.subarray(0, 100 * 784));
 * const p = clf.probabilities(x); // 100×10, rows sum to 1
 * tf.dispose([x, p]); clf.dispose();
 */
export async function loadClassifier(
  name: ClassifierName,
  options: LoadClassifierOptions = {},
): Promise<Classifier> {
  if (!isClassifierName(name)) {
    throw new ClassifierError(
      'E_UNKNOWN_CLASSIFIER',
      `loadClassifier: unknown classifier ${JSON.stringify(name)}; shipped: ${CLASSIFIER_NAMES.join(', ')}`,
      { argument: 'name', value: name, expected: CLASSIFIER_NAMES },
    );
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ClassifierError(
      'E_INVALID_ARGUMENT',
      `loadClassifier: batchSize must be a positive integer, got ${batchSize}`,
      { argument: 'batchSize', value: batchSize },
    );
  }
  let io = options.io;
  if (io === undefined) {
    const { join } = await import('node:path');
    const dir = join(options.dir ?? (await defaultClassifiersDir()), name);
    io = { load: () => readModelFolder(dir) };
  }
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(io);
  } catch (error) {
    if (error instanceof ClassifierError) throw error;
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `loadClassifier(${name}): cannot build the model: ${(error as Error).message}`,
      { classifier: name },
      error,
    );
  }
  const classNames = CLASS_NAMES[name];
  let featureModel: tfl.LayersModel;
  try {
    featureModel = tfl.model({
      inputs: model.inputs,
      outputs: model.getLayer(FEATURE_LAYER).output as tfl.SymbolicTensor,
    });
  } catch (error) {
    model.dispose();
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `loadClassifier(${name}): the model has no "${FEATURE_LAYER}" layer: ${(error as Error).message}`,
      { classifier: name },
    );
  }
  const inShape = model.inputs[0]?.shape ?? [];
  const outShape = (model.outputs[0]?.shape ?? []) as (number | null)[];
  const featShape = (featureModel.outputs[0]?.shape ?? []) as (number | null)[];
  if (
    inShape.length !== 4 ||
    inShape[1] !== HEIGHT ||
    inShape[2] !== WIDTH ||
    inShape[3] !== 1 ||
    outShape[1] !== classNames.length ||
    typeof featShape[1] !== 'number'
  ) {
    model.dispose();
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `loadClassifier(${name}): expected input [null, ${HEIGHT}, ${WIDTH}, 1] and ${classNames.length} outputs, got input [${inShape.join(', ')}] and output [${outShape.join(', ')}]`,
      { classifier: name, inputShape: inShape, outputShape: outShape },
    );
  }
  return new ShippedClassifier(name, classNames, featShape[1], batchSize, model, featureModel);
}

class ShippedClassifier implements Classifier {
  readonly inputShape = [HEIGHT, WIDTH, 1] as const;
  readonly numClasses: number;
  #disposed = false;

  constructor(
    readonly name: ClassifierName,
    readonly classNames: readonly string[],
    readonly featureDim: number,
    readonly batchSize: number,
    private readonly model: tfl.LayersModel,
    private readonly featureModel: tfl.LayersModel,
  ) {
    this.numClasses = classNames.length;
  }

  features(images: tf.Tensor4D): tf.Tensor2D {
    return this.#run('features', images, this.featureModel, this.featureDim);
  }

  probabilities(images: tf.Tensor4D): tf.Tensor2D {
    return this.#run('probabilities', images, this.model, this.numClasses);
  }

  predict(images: tf.Tensor4D): tf.Tensor1D {
    const p = this.probabilities(images);
    try {
      return tf.argMax(p, 1) as tf.Tensor1D;
    } finally {
      p.dispose();
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    // The feature model shares the layers (and so the weights) of the full model.
    this.model.dispose();
  }

  /** Runs `model` over `images` in batches and concatenates the N×width outputs. */
  #run(method: string, images: tf.Tensor4D, model: tfl.LayersModel, width: number): tf.Tensor2D {
    if (this.#disposed) {
      throw new ClassifierError(
        'E_DISPOSED',
        `${this.name} classifier: ${method}() after dispose()`,
        { classifier: this.name },
      );
    }
    this.#check(method, images);
    const n = images.shape[0];
    if (n === 0) return tf.zeros([0, width]);
    if (n <= this.batchSize) return tf.tidy(() => model.predict(images) as tf.Tensor2D);
    const parts: tf.Tensor2D[] = [];
    try {
      for (let start = 0; start < n; start += this.batchSize) {
        const size = Math.min(this.batchSize, n - start);
        parts.push(
          tf.tidy(
            () =>
              model.predict(tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1])) as tf.Tensor2D,
          ),
        );
      }
      return tf.concat(parts, 0);
    } finally {
      tf.dispose(parts);
    }
  }

  #check(method: string, images: tf.Tensor4D): void {
    // Duck-typed: tfjs-core may be loaded twice (ESM and CJS builds), defeating instanceof.
    if (images === null || typeof images !== 'object' || !Array.isArray(images.shape)) {
      throw new ClassifierError(
        'E_SHAPE',
        `${this.name} classifier: ${method}(images) needs a tf.Tensor4D of N×${HEIGHT}×${WIDTH}×1, got ${typeof images}`,
        { argument: 'images', classifier: this.name },
      );
    }
    const s = images.shape;
    if (s.length !== 4 || s[1] !== HEIGHT || s[2] !== WIDTH || s[3] !== 1) {
      throw new ClassifierError(
        'E_SHAPE',
        `${this.name} classifier: ${method}(images) needs N×${HEIGHT}×${WIDTH}×1 images scaled to [-1, 1], got shape [${s.join(', ')}]`,
        { argument: 'images', classifier: this.name, shape: [...s] },
      );
    }
    if (images.dtype !== 'float32') {
      throw new ClassifierError(
        'E_DTYPE',
        `${this.name} classifier: ${method}(images) needs float32 images scaled to [-1, 1], got ${images.dtype}`,
        { argument: 'images', classifier: this.name, dtype: images.dtype },
      );
    }
  }
}
