import { createRng, parsePrior, sampleNoise } from '@gantry/core';
import { getToyDistribution } from '@gantry/datasets';
import { moments, useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from './config';
import { createTrainer } from './createTrainer';

beforeAll(() => useFastBackend(() => import('@gantry/backend-native')));

describe('toy defaults per data set', () => {
  it('ring2d and grid2d: G and D 256-256, z uniform, EMA 0.999; grid2d longer, lr decaying', () => {
    const common = {
      model: 'toy-mlp',
      batchSize: 128,
      latentDim: 2,
      prior: 'uniform',
      ema: 0.999,
      generatorHidden: [256, 256],
      discriminatorHidden: [256, 256],
    };
    expect(resolveTrainConfig({ data: 'ring2d' })).toMatchObject({
      ...common,
      steps: 10_000,
      lrD: 1e-3,
      lrG: 1e-3,
    });
    expect(resolveTrainConfig({ data: 'grid2d' })).toMatchObject({
      ...common,
      steps: 16_000,
      lrD: 1.5e-3,
      lrG: 1.5e-3,
      lrDecay: 1.000063,
    });
    expect(resolveTrainConfig({ data: 'ring2d' }).lrDecay).toBeUndefined();
  });

  it('gaussian1d: D 8× faster than G, EMA 0.99, batch 256; the toy base elsewhere', () => {
    expect(resolveTrainConfig({ data: 'gaussian1d' })).toMatchObject({
      steps: 2000,
      batchSize: 256,
      lrD: 4e-3,
      lrG: 5e-4,
      ema: 0.99,
      prior: 'normal',
    });
    const spiral = resolveTrainConfig({ data: 'spiral2d' });
    expect(spiral).toMatchObject({ steps: 2000, batchSize: 128, prior: 'normal', ema: 0 });
    expect(spiral.generatorHidden).toBeUndefined(); // toy-mlp's own [128, 128]
  });

  it('a given key wins, and a loss paper’s lr is kept', () => {
    const c = resolveTrainConfig({
      data: 'ring2d',
      steps: 50,
      prior: 'normal',
      ema: 0,
      generatorHidden: [8],
    });
    expect(c).toMatchObject({ steps: 50, prior: 'normal', ema: 0, generatorHidden: [8] });
    expect(c.discriminatorHidden).toEqual([256, 256]);
    expect(resolveTrainConfig({ data: 'gaussian1d', lrG: 1e-3 })).toMatchObject({
      lrD: 4e-3,
      lrG: 1e-3,
    });
    expect(resolveTrainConfig({ data: 'gaussian1d', loss: 'wasserstein-gp' })).toMatchObject({
      lrD: 1e-4,
      lrG: 1e-4,
    });
    expect(resolveTrainConfig({ data: 'grid2d', lrDecay: 1 })).toMatchObject({
      lrD: 1.5e-3,
      lrDecay: 1,
    });
    const paper = resolveTrainConfig({ data: 'grid2d', loss: 'wasserstein-gp' });
    expect(paper).toMatchObject({ lrD: 1e-4, lrG: 1e-4 });
    expect(paper.lrDecay).toBeUndefined(); // the decay goes with Gantry's lr, not a paper's
  });

  it('wasserstein-gp on ring2d: the toy λ 0.1, no EMA, 3,000 steps; the paper’s k and Adam', () => {
    const c = resolveTrainConfig({ data: 'ring2d', loss: 'wasserstein-gp' });
    expect(c).toMatchObject({
      lossOptions: { lambda: 0.1 },
      ema: 0,
      steps: 3000,
      k: 5,
      optimizer: 'adam',
      lrD: 1e-4,
      lrG: 1e-4,
      beta1: 0,
      beta2: 0.9,
      prior: 'uniform',
      generatorHidden: [256, 256],
      discriminatorHidden: [256, 256],
    });
    // A given key wins; other losses on the ring and WGAN-GP elsewhere keep their defaults.
    const given = { data: 'ring2d', loss: 'wasserstein-gp', ema: 0.99, steps: 10 } as const;
    expect(resolveTrainConfig({ ...given, lossOptions: { lambda: 10 } })).toMatchObject({
      lossOptions: { lambda: 10 },
      ema: 0.99,
      steps: 10,
    });
    expect(resolveTrainConfig({ data: 'ring2d' })).toMatchObject({ lossOptions: {}, ema: 0.999 });
    expect(resolveTrainConfig({ data: 'grid2d', loss: 'wasserstein-gp' })).toMatchObject({
      lossOptions: {},
      ema: 0.999,
      steps: 16_000,
    });
  });

  it.each([1, 2, 3])(
    'gaussian1d at the CLI defaults (seed %i): std within 10% and mean within 0.1 of the data’s',
    async (seed) => {
      const config = resolveTrainConfig({ data: 'gaussian1d', seed });
      const source = getToyDistribution('gaussian1d');
      const { trainer, dispose } = createTrainer(config, {
        kind: 'toy',
        source,
        sampleShape: [1],
      });
      for (let i = 0; i < (config.steps as number); i++) trainer.step();
      const z = sampleNoise(createRng(0), parsePrior(config.prior), 4000, config.latentDim);
      const x = trainer.generate(z);
      const f = moments((await x.data()) as Float32Array);
      tf.dispose([z, x]);
      dispose();
      const { mean, std } = source.options as { mean: number; std: number };
      expect(Math.abs(f.mean - mean)).toBeLessThan(0.1);
      expect(Math.abs(f.std - std)).toBeLessThan(0.1 * std);
    },
  );
});
