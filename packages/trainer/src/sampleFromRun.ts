import { resolve } from 'node:path';
import { createRng, parsePrior, sampleNoise } from '@gantry/core';
import { getToyDistribution } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { isToyData } from './config';
import { imageGrid, scatterPlot } from './images';
import { openRun } from './openRun';
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
  const run = await openRun(options.run);
  const { config } = run;
  const { model: generator } = await run.loadGenerator();
  const z = sampleNoise(
    createRng(options.seed ?? 0),
    parsePrior(config.prior),
    n,
    config.latentDim,
  );
  const fake = tf.tidy(() => generator.predict(z) as tf.Tensor);
  try {
    const values = (await fake.data()) as Float32Array;
    if (isToyData(config.data)) {
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
