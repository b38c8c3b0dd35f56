import { extname, resolve } from 'node:path';
import { createRng, parsePrior, sampleNoise } from '@gantry/core';
import { getToyDistribution } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { isToyData } from './config';
import { TrainerError } from './errors';
import { shortPath } from './fsErrors';
import { imageGrid, type RgbaImage, scatterPlot } from './images';
import { openRun } from './openRun';
import { encodePng } from './png';
import { checkOutputFolder, writeOutputFile } from './tempFiles';

/** Options of {@link sampleFromRun}. */
export interface SampleFromRunOptions {
  /** A run folder written by `runTraining`. */
  run: string;
  /** Number of samples (default 64). */
  n?: number;
  /** Noise seed (default 0). */
  seed?: number;
  /** PNG file to write (`.png`; its folder must exist). */
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
  if (extname(options.out).toLowerCase() !== '.png') {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `\`out\` ${shortPath(options.out)}: sample grids are written as PNG; give a file name ending in .png`,
      { option: 'out', file: options.out },
    );
  }
  await checkOutputFolder(options.out, 'out'); // before the generator is loaded
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
    let image: RgbaImage;
    if (isToyData(config.data)) {
      const toy = getToyDistribution(config.data);
      const real = toy.sample(createRng('samples:real'), n);
      image = scatterPlot({ real, fake: values, dim: toy.dim });
    } else {
      const [count, height, width, channels] = fake.shape as [number, number, number, 1 | 3];
      image = imageGrid(values, { count, height, width, channels });
    }
    await writeOutputFile(options.out, encodePng(image), {
      doing: 'writing the sample grid',
      option: 'out',
    });
    return { shape: [...fake.shape], path: resolve(options.out) };
  } finally {
    tf.dispose([z, fake]);
    generator.dispose();
  }
}
