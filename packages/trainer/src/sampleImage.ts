import { createRng } from '@gantry/core';
import type { ToyDistribution } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import type { GanTrainer } from './ganTrainer';
import { imageGrid, type RgbaImage, scatterPlot } from './images';

/**
 * A picture of the generator now (browser-safe): a grid of G(z) for the trainer's fixed noise
 * batch (images), or real vs generated points drawn from the same seed every time (toy data).
 *
 * @example
 * const image = await renderSamples(trainer, { count: 64 }); // RGBA, e.g. for a canvas
 */
export async function renderSamples(
  trainer: GanTrainer,
  options: { count: number; data?: ToyDistribution },
): Promise<RgbaImage> {
  const z = trainer.fixedNoise(options.count);
  const fake = trainer.generate(z);
  z.dispose();
  try {
    const values = (await fake.data()) as Float32Array;
    if (options.data) {
      const real = options.data.sample(createRng('samples:real'), options.count);
      return scatterPlot({ real, fake: values, dim: options.data.dim });
    }
    const [count, height, width, channels] = fake.shape as [number, number, number, 1 | 3];
    return imageGrid(values, { count, height, width, channels });
  } finally {
    tf.dispose(fake);
  }
}
