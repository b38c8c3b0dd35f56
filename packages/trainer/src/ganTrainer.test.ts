import { createRng, isGantryError, measureTensorGrowth } from '@gantry/core';
import {
  createBatchStream,
  gaussian1d,
  loadMnistSample,
  ring2d,
  type ToyDistribution,
} from '@gantry/datasets';
import { type GanLoss, getLoss } from '@gantry/losses';
import { buildGan, type GanSpec, trainableVariables } from '@gantry/models';
import { moments, useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GanTrainer,
  type GanTrainerOptions,
  NonFiniteLossError,
  type StepMetrics,
} from './ganTrainer';

interface ToySetup {
  data: ToyDistribution;
  loss?: string;
  lossOptions?: Record<string, number>;
  hidden?: number[];
  latentDim?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: 'adam' | 'rmsprop' | 'sgd';
  k?: number;
  seed?: number;
}

function toyTrainer(s: ToySetup, overrides: Partial<GanTrainerOptions> = {}): GanTrainer {
  const seed = s.seed ?? 1;
  const spec: GanSpec = {
    model: 'toy-mlp',
    dataShape: [s.data.dim],
    latentDim: s.latentDim ?? 2,
    generatorHidden: s.hidden ?? [32, 32],
    discriminatorHidden: s.hidden ?? [32, 32],
    seed,
  };
  const { generator, discriminator } = buildGan(spec);
  const opt = { kind: s.optimizer ?? 'adam', lr: s.lr ?? 2e-3, beta1: 0.5 } as const;
  return new GanTrainer({
    generator,
    discriminator,
    loss: getLoss(s.loss ?? 'non-saturating', s.lossOptions),
    data: createBatchStream(s.data, {
      batchSize: s.batchSize ?? 128,
      seed: `data:${seed}`,
      normalize: 'none',
    }),
    latentDim: spec.latentDim,
    k: s.k ?? 1,
    optimizerD: opt,
    optimizerG: opt,
    seed,
    ...overrides,
  });
}

function generatePoints(trainer: GanTrainer, n: number, seed = 123): Float32Array {
  const z = tf.tidy(() => tf.randomNormal([n, trainer.latentDim], 0, 1, 'float32', seed));
  const x = trainer.generate(z);
  const values = x.dataSync() as Float32Array;
  tf.dispose([z, x]);
  return values;
}

function meanProbability(trainer: GanTrainer, x: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.sigmoid(trainer.discriminate(x))).dataSync()[0] as number);
}

describe('GanTrainer (Algorithm 1)', () => {
  beforeAll(() => useFastBackend(() => import('@gantry/backend-native')));

  it('learns the 1-D Gaussian: D → ½ on real and fake, generated mean and std → the data’s', () => {
    const data = gaussian1d({ mean: 2, std: 0.5 });
    // The generator's weights oscillate around the equilibrium; their EMA (β = 0.99) sits on it.
    const trainer = toyTrainer(
      { data, hidden: [32, 32], latentDim: 1, lr: 1e-3, batchSize: 256, seed: 3 },
      { ema: 0.99 },
    );
    const before = moments(generatePoints(trainer, 2000));
    for (let i = 0; i < 2500; i++) trainer.step();
    const real = data.sample(createRng(9), 2000);
    const fake = generatePoints(trainer, 2000);
    const r = moments(real);
    const f = moments(fake);
    expect(Math.abs(before.mean - r.mean)).toBeGreaterThan(1); // it starts far away
    expect(Math.abs(f.mean - r.mean)).toBeLessThan(0.1);
    expect(Math.abs(f.std - r.std)).toBeLessThan(0.12);
    const dReal = meanProbability(trainer, tf.tensor2d(real, [2000, 1]));
    const dFake = meanProbability(trainer, tf.tensor2d(fake, [2000, 1]));
    expect(Math.abs(dReal - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(dFake - 0.5)).toBeLessThan(0.1);
    trainer.dispose();
  });

  it('is deterministic: same seed, same losses; another seed, other losses', () => {
    const data = ring2d();
    const run = (seed: number) => {
      const t = toyTrainer({ data, seed, batchSize: 32 });
      const out = Array.from({ length: 15 }, () => {
        const m = t.step();
        return [m.lossD, m.lossG, m.dReal, m.dFake];
      });
      t.dispose();
      return out;
    };
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  it('keeps tf.memory().numTensors flat over many steps, for every loss', async () => {
    const data = ring2d();
    for (const loss of [
      'non-saturating',
      'wasserstein',
      'wasserstein-gp',
      'relativistic-average',
      'least-squares',
    ]) {
      const trainer = toyTrainer({ data, loss, batchSize: 16, hidden: [8] });
      const { growth } = await measureTensorGrowth(() => trainer.step(), {
        iterations: 60,
        warmup: 3,
      });
      expect(growth, loss).toBe(0);
      trainer.dispose();
    }
  });

  it('runs k discriminator steps per generator step, drawing k real batches', async () => {
    const data = await loadMnistSample();
    const source = createBatchStream(data, { batchSize: 100, seed: 1 });
    const gan = buildGan({
      model: 'mlp',
      dataShape: [28, 28, 1],
      latentDim: 8,
      generatorHidden: [8],
      discriminatorHidden: [8],
      maxoutPieces: 2,
      seed: 1,
    });
    const trainer = new GanTrainer({
      ...gan,
      loss: getLoss('non-saturating'),
      data: source,
      latentDim: 8,
      k: 3,
      optimizerD: { kind: 'sgd', lr: 0.01 },
      optimizerG: { kind: 'sgd', lr: 0.01 },
      seed: 1,
    });
    trainer.step();
    trainer.step();
    expect(source.position + source.epoch * source.batchesPerEpoch).toBe(6);
    expect(trainer.steps).toBe(2);
    trainer.dispose();
  });

  it('clips the critic’s weights to [−c, c] after each step for WGAN', () => {
    const trainer = toyTrainer({
      data: ring2d(),
      loss: 'wasserstein',
      optimizer: 'rmsprop',
      lr: 0.05,
      batchSize: 32,
    });
    for (let i = 0; i < 5; i++) trainer.step();
    const c = trainer.loss.regularizers.weightClip?.c as number;
    expect(c).toBeGreaterThan(0);
    for (const v of trainableVariables(trainer.discriminator)) {
      const values = v.dataSync();
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(c + 1e-7);
    }
    trainer.dispose();
  });

  it('adds the gradient penalty for WGAN-GP and reports it', () => {
    const trainer = toyTrainer({ data: ring2d(), loss: 'wasserstein-gp', batchSize: 32 });
    const metrics: StepMetrics[] = [];
    for (let i = 0; i < 3; i++) metrics.push(trainer.step());
    expect(metrics.every((m) => m.penalty > 0 && Number.isFinite(m.penalty))).toBe(true);
    trainer.dispose();
  });

  it('stops on a NaN loss without applying the update', () => {
    const base = getLoss('non-saturating');
    let calls = 0;
    const poisoned: GanLoss = {
      ...base,
      discriminatorLoss: (real, fake, ctx) => {
        calls += 1;
        const l = base.discriminatorLoss(real, fake, ctx);
        return calls >= 3 ? tf.tidy(() => tf.mul(l, Number.NaN) as tf.Scalar) : l;
      },
    };
    const trainer = toyTrainer({ data: ring2d(), batchSize: 16 }, { loss: poisoned });
    trainer.step();
    trainer.step();
    const before = trainer.discriminator.getWeights().map((w) => Array.from(w.dataSync()));
    try {
      trainer.step();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NonFiniteLossError);
      expect(isGantryError(error, 'E_NONFINITE_LOSS')).toBe(true);
      expect((error as Error).message).toBe('lossD is NaN at step 3; the update was not applied');
    }
    expect(trainer.discriminator.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    trainer.dispose();
  });

  it('learns something on the MNIST sample: lossD moves, ink moves toward the data’s, samples are neither constant nor noise', async () => {
    const data = await loadMnistSample();
    const gan = buildGan({
      model: 'mlp',
      dataShape: [28, 28, 1],
      latentDim: 32,
      generatorHidden: [256],
      discriminatorHidden: [128],
      maxoutPieces: 0,
      seed: 2,
    });
    const trainer = new GanTrainer({
      ...gan,
      loss: getLoss('non-saturating'),
      data: createBatchStream(data, { batchSize: 64, seed: 2 }),
      latentDim: 32,
      optimizerD: { kind: 'adam', lr: 5e-4, beta1: 0.5 },
      optimizerG: { kind: 'adam', lr: 5e-4, beta1: 0.5 },
      seed: 2,
    });
    const meanOf = (t: tf.Tensor) => moments(t.dataSync() as Float32Array).mean;
    const z0 = trainer.fixedNoise(64);
    const x0 = trainer.generate(z0);
    const initialMean = meanOf(x0);
    tf.dispose([z0, x0]);
    const history = Array.from({ length: 1200 }, () => trainer.step());
    // The losses move: D learns to tell real from fake (lossD falls from ≈ 2·log 2 = 1.39).
    const avgLossD = (ms: StepMetrics[]) => ms.reduce((s, m) => s + m.lossD, 0) / ms.length;
    expect(avgLossD(history.slice(0, 10))).toBeGreaterThan(1.2);
    expect(avgLossD(history.slice(-100))).toBeLessThan(avgLossD(history.slice(0, 10)) - 0.1);
    const n = 64;
    const z = trainer.fixedNoise(n);
    const x = trainer.generate(z);
    const pixels = x.dataSync() as Float32Array;
    tf.dispose([z, x]);
    // Mean intensity, on the data's [−1, 1] scale: MNIST is mostly background (≈ −0.74).
    let dataMean = 0;
    for (let i = 0; i < 64 * 784; i++) dataMean += ((data.images[i] as number) / 255) * 2 - 1;
    dataMean /= 64 * 784;
    const fakeMean = moments(pixels).mean;
    // At initialisation G's mean pixel is ≈ 0 (tanh of small values); training moves it at
    // least halfway to the data's mostly-black background.
    expect(Math.abs(fakeMean - dataMean)).toBeLessThan(0.5 * Math.abs(initialMean - dataMean));
    // Not constant: pixels vary across samples. Not noise: neighbouring pixels agree.
    let across = 0;
    for (let p = 0; p < 784; p++) {
      const column = Array.from({ length: n }, (_, i) => pixels[i * 784 + p] as number);
      across += moments(column).std;
    }
    expect(across / 784).toBeGreaterThan(0.05);
    let neighbour = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      for (let y = 0; y < 28; y++) {
        for (let xx = 0; xx < 27; xx++) {
          const a = pixels[i * 784 + y * 28 + xx] as number;
          const b = pixels[i * 784 + y * 28 + xx + 1] as number;
          neighbour += Math.abs(a - b);
          count++;
        }
      }
    }
    const shuffledDiff = (() => {
      const rng = createRng(1);
      let s = 0;
      for (let j = 0; j < count; j++)
        s += Math.abs(
          (pixels[rng.int(pixels.length)] as number) - (pixels[rng.int(pixels.length)] as number),
        );
      return s / count;
    })();
    expect(neighbour / count).toBeLessThan(0.7 * shuffledDiff);
    trainer.dispose();
  });
});
