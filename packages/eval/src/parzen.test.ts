import { createRng } from '@gantry/core';
import { loadMnistSample, subsetImages } from '@gantry/datasets';
import { useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARZEN_SIGMAS, parzenEstimate, parzenLogLikelihoods, selectParzenSigma } from './parzen';

beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
});

/** Rows `keep` of the MNIST sample as an N×784 tensor in [0, 1]. */
async function digits(keep: (i: number) => boolean, limit: number): Promise<tf.Tensor2D> {
  const all = await loadMnistSample();
  const idx = Array.from({ length: all.count }, (_, i) => i)
    .filter(keep)
    .slice(0, limit);
  const set = subsetImages(all, idx, 'part');
  return tf.tidy(() =>
    tf.div<tf.Tensor2D>(tf.tensor2d(set.images, [set.count, 784], 'int32'), 255),
  );
}

describe('parzenLogLikelihoods', () => {
  it('matches the closed form for one kernel and one point', async () => {
    const mu = tf.tensor2d([[0.2, -0.5, 1.0]]);
    const x = tf.tensor2d([[0.5, 0.0, 0.25]]);
    const sigma = 0.7;
    const [ll] = await parzenLogLikelihoods(mu, x, [sigma]);
    const d2 = 0.3 ** 2 + 0.5 ** 2 + 0.75 ** 2;
    const expected = -d2 / (2 * sigma ** 2) - 3 * Math.log(sigma * Math.sqrt(2 * Math.PI));
    expect(ll?.[0]).toBeCloseTo(expected, 5);
    tf.dispose([mu, x]);
  });

  it('is the log of the mean of the kernel densities (two kernels, by hand)', async () => {
    const mus = tf.tensor2d([[0], [2]]);
    const x = tf.tensor2d([[0.5]]);
    const s = 0.5;
    const [ll] = await parzenLogLikelihoods(mus, x, [s]);
    const pdf = (v: number) => Math.exp(-(v * v) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
    expect(ll?.[0]).toBeCloseTo(Math.log((pdf(0.5) + pdf(1.5)) / 2), 5);
    tf.dispose([mus, x]);
  });

  it('gives the same values whatever the batch size, and leaks no tensor', async () => {
    const rng = createRng(3);
    const samples = tf.tensor2d(
      Float32Array.from({ length: 50 * 6 }, () => rng.normal()),
      [50, 6],
    );
    const points = tf.tensor2d(
      Float32Array.from({ length: 23 * 6 }, () => rng.normal()),
      [23, 6],
    );
    const before = tf.memory().numTensors;
    const a = await parzenLogLikelihoods(samples, points, [0.3, 1], { batchSize: 7 });
    const b = await parzenLogLikelihoods(samples, points, [0.3, 1], { batchSize: 100 });
    expect(tf.memory().numTensors).toBe(before);
    for (let k = 0; k < 2; k++) {
      for (let i = 0; i < 23; i++) expect(a[k]?.[i]).toBeCloseTo(b[k]?.[i] as number, 4);
    }
    tf.dispose([samples, points]);
  });

  it('names what is wrong with its input', async () => {
    const a = tf.zeros([4, 3]) as tf.Tensor2D;
    const b = tf.zeros([2, 5]) as tf.Tensor2D;
    await expect(parzenLogLikelihoods(a, b, [0.1])).rejects.toThrow(
      'points has 5 values per row but the samples have 3',
    );
    await expect(parzenLogLikelihoods(a, a, [0])).rejects.toThrow(
      'sigma must be a positive number, got 0',
    );
    await expect(parzenLogLikelihoods(a, a, [])).rejects.toThrow('sigmas must list at least one');
    tf.dispose([a, b]);
  });
});

describe('the Parzen protocol of Goodfellow et al. (2014)', () => {
  it('uses numpy.logspace(-1, 0, 10) as its σ grid', () => {
    expect(PARZEN_SIGMAS).toHaveLength(10);
    expect(PARZEN_SIGMAS[0]).toBeCloseTo(0.1, 12);
    expect(PARZEN_SIGMAS[9]).toBeCloseTo(1, 12);
    expect((PARZEN_SIGMAS[1] as number) / (PARZEN_SIGMAS[0] as number)).toBeCloseTo(
      10 ** (1 / 9),
      12,
    );
  });

  it('scores real held-out digits far above noise, and picks a σ from the validation set', async () => {
    const real = await digits((i) => i % 5 <= 2, 1000);
    const validation = await digits((i) => i % 10 === 3, 200);
    const test = await digits((i) => i % 5 === 4, 300);
    const rng = createRng('noise');
    const noise = tf.tensor2d(
      Float32Array.from({ length: 1000 * 784 }, () => rng.uniform()),
      [1000, 784],
    );
    const realScore = await parzenEstimate({ samples: real, validation, test });
    const noiseScore = await parzenEstimate({ samples: noise, validation, test });
    // Real digits as kernels explain held-out digits; uniform noise explains nothing.
    expect(realScore.mean).toBeGreaterThan(noiseScore.mean + 100);
    expect(realScore.n).toBe(300);
    expect(realScore.kernels).toBe(1000);
    expect(realScore.stderr).toBeGreaterThan(0);
    expect(realScore.stderr).toBeLessThan((realScore.mean - noiseScore.mean) / 5);
    // σ is the best of the grid on the validation set, not on the test set.
    const chosen = await selectParzenSigma(real, validation);
    expect(realScore.sigma).toBe(chosen.sigma);
    const best = Math.max(...chosen.sigmaScores.map((s) => s.meanLogLikelihood));
    expect(chosen.sigmaScores.find((s) => s.sigma === chosen.sigma)?.meanLogLikelihood).toBe(best);
    tf.dispose([real, validation, test, noise]);
  });
});
