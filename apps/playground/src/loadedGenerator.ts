import { createRng, parsePrior, sampleNoise } from '@gantry/core';
import { RUN_FILES, readRunHints } from '@gantry/trainer';
import * as tf from '@tensorflow/tfjs';
import type { PriorChoice } from './settings';

/** Samples drawn from a loaded generator (the same count the views draw for the live one). */
export const LOADED_SAMPLES = { 1: 2000, 2: 1000 } as const;

/** A generator trained elsewhere (`gantry train`), reduced to what the views draw: its samples. */
export interface LoadedGenerator {
  /** The file name of the model, for the legend. */
  name: string;
  latentDim: number;
  dim: 1 | 2;
  prior: PriorChoice;
  /** The data set of the run, from its config.json when given. */
  data: string | null;
  /** G(z) for z from the prior (seeded), n·dim values. */
  samples: Float32Array;
}

/** The files of a `gantry train` run the user picked, sorted by role. */
export interface RunFiles<F extends { name: string }> {
  model: F;
  weights: F[];
  config: F | null;
}

/**
 * Sorts picked files: the TF.js `model.json` (any `.json` other than the run record,
 * `config.json`), its `.bin` weight files, and optionally the run record (for the prior and the
 * data set).
 *
 * @example
 * sortRunFiles([{ name: 'weights.bin' }, { name: 'model.json' }]).model.name; // 'model.json'
 */
export function sortRunFiles<F extends { name: string }>(files: readonly F[]): RunFiles<F> {
  const config = files.find((f) => f.name === RUN_FILES.record) ?? null;
  const models = files.filter((f) => f.name.endsWith('.json') && f !== config);
  const weights = files.filter((f) => f.name.endsWith('.bin'));
  if (models.length !== 1) {
    throw new Error(
      models.length === 0
        ? `pick the generator's model.json (in the run folder's "${RUN_FILES.generator}/"), its weights.bin, and optionally the run's ${RUN_FILES.record}`
        : `pick one model file, got ${models.map((f) => f.name).join(', ')}`,
    );
  }
  if (weights.length === 0) {
    throw new Error(`${(models[0] as F).name} needs its weight file(s) too (weights.bin)`);
  }
  return { model: models[0] as F, weights, config };
}

/** What the playground reads from a run record: its data set, prior and latent size. */
export type RunConfig = { data?: string; prior?: PriorChoice; latentDim?: number };

/**
 * Reads `data`, `prior` and `latentDim` from the text of a run record (`config.json`, written
 * by `gantry train`) with `@gantry/trainer`'s browser-safe reader: a value that does not fit is
 * left out; a file of another shape is an error naming the file.
 */
export function readRunConfig(text: string, file: string = RUN_FILES.record): RunConfig {
  return readRunHints(text, file);
}

/**
 * The latent dimension of a generator for `dim`-dimensional toy data, from its input shape
 * [null, latentDim] and output shape [null, dim]; anything else is an error saying what was found.
 */
export function checkGeneratorShape(
  inputShape: readonly (number | null)[],
  outputShape: readonly (number | null)[],
  dim: 1 | 2,
): number {
  const latent = inputShape[1];
  if (inputShape.length !== 2 || typeof latent !== 'number' || latent < 1) {
    throw new Error(
      `the model takes input of shape [${inputShape.join(', ')}]; a toy generator takes [null, latentDim]`,
    );
  }
  if (outputShape.length !== 2 || outputShape[1] !== dim) {
    throw new Error(
      `the model makes samples of shape [${outputShape.join(', ')}]; this view needs ${dim}-D points, [null, ${dim}] (train it on ${dim === 1 ? 'gaussian1d' : 'a 2-D toy distribution'})`,
    );
  }
  return latent;
}

/**
 * Loads a generator saved by `gantry train` (its `generator/model.json` + `weights.bin`, TF.js
 * layers format) from picked files, checks it makes `dim`-D points, draws its samples with z
 * from the run's prior (config.json; else `fallbackPrior`) and frees the model.
 */
export async function loadGenerator(
  files: readonly File[],
  dim: 1 | 2,
  fallbackPrior: PriorChoice,
): Promise<LoadedGenerator> {
  const picked = sortRunFiles(files);
  const config = picked.config ? readRunConfig(await picked.config.text()) : {};
  const model = await tf.loadLayersModel(tf.io.browserFiles([picked.model, ...picked.weights]));
  try {
    const input = model.inputs[0]?.shape ?? [];
    const output = model.outputs[0]?.shape ?? [];
    const latentDim = checkGeneratorShape(input, output, dim);
    const prior = config.prior ?? fallbackPrior;
    const z = sampleNoise(
      createRng('loaded-generator'),
      parsePrior(prior),
      LOADED_SAMPLES[dim],
      latentDim,
    );
    const out = tf.tidy(() => model.predict(z) as tf.Tensor);
    const samples = out.dataSync() as Float32Array;
    tf.dispose([z, out]);
    return { name: picked.model.name, latentDim, dim, prior, data: config.data ?? null, samples };
  } finally {
    model.dispose();
  }
}
