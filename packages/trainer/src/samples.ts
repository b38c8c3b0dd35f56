import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '@gantry/core';
import type { ToyDistribution } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { checkpointName } from './checkpoint';
import type { GanTrainer } from './ganTrainer';
import { imageGrid, scatterPlot } from './images';
import { writePng } from './png';

/**
 * Writes `dir/step-NNNNNN.png`: a grid of G(z) for the trainer's fixed noise batch (images), or
 * real vs generated points drawn from the same seed every time (toy data).
 */
export async function writeSamples(
  trainer: GanTrainer,
  dir: string,
  options: { count: number; data?: ToyDistribution },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${checkpointName(trainer.steps)}.png`);
  const z = trainer.fixedNoise(options.count);
  const fake = trainer.generate(z);
  z.dispose();
  try {
    const values = (await fake.data()) as Float32Array;
    if (options.data) {
      const real = options.data.sample(createRng('samples:real'), options.count);
      await writePng(path, scatterPlot({ real, fake: values, dim: options.data.dim }));
    } else {
      const [count, height, width, channels] = fake.shape as [number, number, number, 1 | 3];
      await writePng(path, imageGrid(values, { count, height, width, channels }));
    }
  } finally {
    tf.dispose(fake);
  }
  return path;
}
