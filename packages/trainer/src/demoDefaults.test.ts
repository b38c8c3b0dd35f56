import { loadMnistSample } from '@gantry/datasets';
import { useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from './config';
import { createTrainer } from './createTrainer';

beforeAll(() => useFastBackend(() => import('@gantry/backend-native')));

/** Bright pixels (> 0 on [−1, 1]) whose 8 neighbours are all dark (< 0), per 28×28 image. */
function specksPerImage(pixels: ArrayLike<number>, n: number): number {
  let specks = 0;
  for (let i = 0; i < n; i++) {
    const at = (y: number, x: number) =>
      y < 0 || y > 27 || x < 0 || x > 27 ? -1 : (pixels[i * 784 + y * 28 + x] as number);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        if (at(y, x) <= 0) continue;
        let lit = false;
        for (let dy = -1; dy <= 1 && !lit; dy++)
          for (let dx = -1; dx <= 1 && !lit; dx++)
            if ((dy !== 0 || dx !== 0) && at(y + dy, x + dx) >= 0) lit = true;
        if (!lit) specks++;
      }
    }
  }
  return specks / n;
}

/** Mean over pixels of the standard deviation across the n images (0 = every image the same). */
function spreadAcrossImages(pixels: ArrayLike<number>, n: number): number {
  let total = 0;
  for (let p = 0; p < 784; p++) {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const v = pixels[i * 784 + p] as number;
      sum += v;
      sq += v * v;
    }
    const mean = sum / n;
    total += Math.sqrt(Math.max(0, sq / n - mean * mean));
  }
  return total / 784;
}

const mean = (values: ArrayLike<number>) =>
  Array.from(values).reduce((a, b) => a + b, 0) / values.length;

describe('the `pnpm demo` defaults (mlp on mnist-sample)', () => {
  // A fifth of the demo's 3,000 steps (~20 s on one core). Measured at this seed: 1.4 isolated
  // specks per image with these defaults (lr 2e-3, EMA 0.995), 12.7 with the old ones (lr 5e-4,
  // no EMA), 0.02 on real digits (bench/experiments/data/demo-digits.md has the full runs).
  it('learn in 600 steps: ink toward the data’s, varied samples, few isolated specks', async () => {
    const data = await loadMnistSample();
    const config = resolveTrainConfig({ data: 'mnist-sample', seed: 2 });
    const { trainer, dispose } = createTrainer(config, {
      kind: 'image',
      source: data,
      sampleShape: [28, 28, 1],
    });
    const n = 64;
    const z = trainer.fixedNoise(n);
    const before = trainer.generate(z);
    const initialMean = mean(before.dataSync());
    for (let s = 0; s < 600; s++) trainer.step();
    const after = trainer.generate(z); // the EMA weights
    const pixels = after.dataSync() as Float32Array;
    tf.dispose([z, before, after]);
    dispose();
    const real = Float32Array.from(data.images.subarray(0, n * 784), (v) => (v / 255) * 2 - 1);
    const dataMean = mean(real); // ≈ −0.65: mostly black background
    expect(Math.abs(mean(pixels) - dataMean)).toBeLessThan(0.5 * Math.abs(initialMean - dataMean));
    expect(spreadAcrossImages(pixels, n)).toBeGreaterThan(0.1);
    expect(specksPerImage(real, n)).toBeLessThan(0.5);
    expect(specksPerImage(pixels, n)).toBeLessThan(4);
  }, 120_000);
});
