import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRng, type NoisePrior, sampleNoise } from '@gantry/core';
import { getToyDistribution } from '@gantry/datasets';
import { loadModel } from '@gantry/models/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { latestCheckpoint } from './checkpoint';
import { TOY_DATA, type TrainConfig } from './config';
import { TrainerError } from './errors';
import { imageGrid, scatterPlot } from './images';
import { writePng } from './png';

/** Options of {@link sampleFromRun}. */
export interface SampleFromRunOptions {
  /** A run folder written by `runTraining`. */
  run: string;
  /** Number of samples (default 64). */
  n?: number;
  /** Noise seed (default 0). */
  seed?: number;
  /** PNG file to write. */
  out: string;
}

/** A trained run, loaded: its resolved config and its generator (the caller disposes it). */
export interface LoadedRun {
  /** Absolute path of the run folder. */
  dir: string;
  config: TrainConfig;
  generator: tfl.LayersModel;
  /** Where the generator came from: the final export or a checkpoint folder. */
  generatorPath: string;
}

/**
 * Loads a run folder written by `runTraining`: its config.json and its generator (the final
 * export, else the latest checkpoint's). Errors name the folder and what is missing.
 *
 * @example
 * const { config, generator } = await loadRun('runs/mnist');
 */
export async function loadRun(runDir: string): Promise<LoadedRun> {
  const run = resolve(runDir);
  let record: { config: TrainConfig };
  try {
    record = JSON.parse(await readFile(join(run, 'config.json'), 'utf8'));
  } catch {
    throw new TrainerError(
      'E_RESUME',
      `--run ${runDir}: no readable config.json (not a gantry run folder)`,
      {
        key: 'run',
      },
    );
  }
  const final = join(run, 'generator');
  const hasFinal = await stat(join(final, 'model.json')).then(
    () => true,
    () => false,
  );
  const ckpt = hasFinal ? undefined : await latestCheckpoint(run);
  if (!hasFinal && !ckpt) {
    throw new TrainerError('E_RESUME', `--run ${runDir}: no generator/ and no checkpoint yet`, {
      key: 'run',
    });
  }
  const generatorPath = hasFinal ? final : join(ckpt as string, 'generator');
  const generator = await loadModel(generatorPath);
  return { dir: run, config: record.config, generator, generatorPath };
}

/** The noise prior a run was trained with. */
export function runPrior(config: TrainConfig): NoisePrior {
  return config.prior === 'uniform' ? { kind: 'uniform' } : { kind: 'normal' };
}

/**
 * Loads a run's generator (the final export, else the latest checkpoint's), draws `n` samples
 * from z ~ p_z seeded by `seed`, and writes them as a PNG grid (images) or a scatter plot
 * against real samples (toy data). Returns the generated values and their shape.
 *
 * @example
 * await sampleFromRun({ run: 'runs/mnist', n: 64, out: 'grid.png' });
 */
export async function sampleFromRun(
  options: SampleFromRunOptions,
): Promise<{ shape: number[]; path: string }> {
  const n = options.n ?? 64;
  const { config, generator } = await loadRun(options.run);
  const prior = runPrior(config);
  const z = sampleNoise(createRng(options.seed ?? 0), prior, n, config.latentDim);
  const fake = tf.tidy(() => generator.predict(z) as tf.Tensor);
  try {
    const values = (await fake.data()) as Float32Array;
    if ((TOY_DATA as readonly string[]).includes(config.data)) {
      const toy = getToyDistribution(config.data);
      const real = toy.sample(createRng('samples:real'), n);
      await writePng(options.out, scatterPlot({ real, fake: values, dim: toy.dim }));
    } else {
      const [count, height, width, channels] = fake.shape as [number, number, number, 1 | 3];
      await writePng(options.out, imageGrid(values, { count, height, width, channels }));
    }
    return { shape: [...fake.shape], path: resolve(options.out) };
  } finally {
    tf.dispose([z, fake]);
    generator.dispose();
  }
}
