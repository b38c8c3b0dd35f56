import { isGantryError } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTrainingBudget } from './budget';
import {
  DATA_NAMES,
  parseTrainConfig,
  resolveTrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from './config';
import { TRAIN_LIMITS } from './configLimits';
import { runTraining } from './runTraining';

/** The error `fn` throws (it must throw a TrainerError E_BAD_CONFIG). */
function badConfig(fn: () => unknown): Error & { details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    expect(isGantryError(error, 'E_BAD_CONFIG'), String(error)).toBe(true);
    return error as Error & { details: Record<string, unknown> };
  }
  throw new Error('expected an E_BAD_CONFIG error');
}

describe('config errors in plain words', () => {
  it('says what the key must be and what it got, with the issues for a front end', () => {
    // One line per key, in the schema's order.
    const e = badConfig(() => parseTrainConfig({ lrD: -1, optimizer: 'adagrad' }, 'flags'));
    expect(e.message).toBe(
      'flags: "optimizer" must be one of sgd, adam, rmsprop, got "adagrad"\nflags: "lrD" must be a number > 0, got -1',
    );
    expect(e.details.issues).toEqual([
      { option: 'optimizer', problem: 'must be one of sgd, adam, rmsprop, got "adagrad"' },
      { option: 'lrD', problem: 'must be a number > 0, got -1' },
    ]);
    expect(e.details.option).toBe('optimizer');
    expect(badConfig(() => parseTrainConfig({ steps: 'ten' })).message).toBe(
      'config: "steps" must be a number, got "ten"',
    );
    expect(badConfig(() => parseTrainConfig({ steps: 2.5 })).message).toBe(
      'config: "steps" must be an integer, got 2.5',
    );
    expect(badConfig(() => parseTrainConfig({ generatorHidden: [8, 0] })).message).toBe(
      'config: "generatorHidden[1]" must be a number > 0, got 0',
    );
    expect(badConfig(() => parseTrainConfig({ lrG: Number.POSITIVE_INFINITY })).message).toBe(
      'config: "lrG" must be a number, got Infinity',
    );
    // Nested too deep for JSON.stringify (found by the config fuzz format): still typed.
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(badConfig(() => parseTrainConfig({ generatorHidden: [deep] })).message).toBe(
      'config: "generatorHidden[0]" must be a number, got a list of 1 items',
    );
  });

  it('suggests the key meant: typos, snake_case and kebab-case', () => {
    const e = badConfig(() =>
      parseTrainConfig({ batch_size: 8, 'latent-dim': 2, stpes: 3, learningRate: 1 }),
    );
    expect(e.message).toMatch(
      /^config: unknown keys "batch_size"; did you mean "batchSize"\?, "latent-dim"; did you mean "latentDim"\?, "stpes"; did you mean "steps"\?, "learningRate"; allowed keys: data, dataDir,/,
    );
  });
});

describe('upper bounds', () => {
  it('bounds every numeric setting, naming the key and the limit', () => {
    const huge = 2 ** 60;
    let numeric = 0;
    for (const key of Object.keys(trainConfigSchema.shape)) {
      // The number-like shape this key takes: a number, a list of numbers or a mapping of them.
      const shape = [(v: number) => v, (v: number) => [v], (v: number) => ({ a: v })].find((make) =>
        [1, 0.5, 0].some((v) => trainConfigSchema.safeParse({ [key]: make(v) }).success),
      );
      if (!shape) continue; // not a number (a name, a path, an enum)
      numeric += 1;
      const e = badConfig(() => parseTrainConfig({ [key]: shape(huge) }));
      expect(e.message, key).toMatch(new RegExp(`^config: "${key}(\\[0\\]|\\.a)?" must be `));
      expect(e.message, key).toMatch(/≤ \d+|< 1|at most 2\^53|must be 1 or 3/);
    }
    expect(numeric).toBe(30); // 25, and the five schedule keys of the fidelity merge
  });

  it('refuses the hostile sizes of the issue before anything is allocated', () => {
    const before = tf.memory().numBytes;
    const cases: [TrainConfigInput, RegExp][] = [
      [{ batchSize: 1e9 }, /"batchSize" must be a number ≤ 65536, got 1000000000/],
      [{ latentDim: 1e9 }, /"latentDim" must be a number ≤ 4096, got 1000000000/],
      [{ generatorHidden: [1e9] }, /"generatorHidden\[0\]" must be a number ≤ 16384/],
      [{ steps: 1e12 }, /"steps" must be a number ≤ 10000000, got 1000000000000/],
      [{ k: 1e9 }, /"k" must be a number ≤ 100, got 1000000000/],
      [{ imageSize: 1e5 }, /"imageSize" must be a number ≤ 1024/],
      [{ sampleCount: 1e7 }, /"sampleCount" must be a number ≤ 4096/],
      [
        { generatorHidden: Array(17).fill(8) },
        /"generatorHidden" must have at most 16 items, got 17/,
      ],
      [
        { out: 'x'.repeat(10 * 2 ** 20) },
        /"out" must be at most 4096 characters long, got a string of 10485760 characters \("x{40}…"\)/,
      ],
      [{ lossOptions: { c: 1e9 } }, /"lossOptions\.c" must be a number ≤ 1000000/],
    ];
    for (const [input, pattern] of cases) {
      expect(badConfig(() => resolveTrainConfig(input)).message).toMatch(pattern);
    }
    expect(TRAIN_LIMITS.batchSize).toBe(65_536);
    expect(tf.memory().numBytes).toBe(before);
  });

  it('keeps the networks within a memory budget, counted from the layer shapes', () => {
    const wide = badConfig(() => resolveTrainConfig({ generatorHidden: [16384, 16384] }));
    // 64·16384 + 16384 + 16384² + 16384 + 16384·784 + 784 parameters.
    expect(wide.message).toMatch(
      /^the generator would have 282,362,640 trainable parameters, more than the limit of 25,000,000 .*`generatorHidden`/,
    );
    expect(wide.details.option).toBe('generatorHidden');
    const d = badConfig(() =>
      resolveTrainConfig({ discriminatorHidden: [8192, 4096], maxoutPieces: 5 }),
    );
    expect(d.details.option).toBe('discriminatorHidden');
    const batch = badConfig(() => resolveTrainConfig({ batchSize: 65_536 }));
    expect(batch.message).toMatch(/a batch of 65,536 samples would make 207,683,584 values/);
    const dcgan = badConfig(() =>
      resolveTrainConfig({ data: 'cifar10', model: 'dcgan', baseFilters: 1024 }),
    );
    expect(dcgan.details.option).toBe('baseFilters');
    // A realistic image folder size is fine; its real sample shape is checked again at build.
    const folder = resolveTrainConfig({ data: 'image-folder', dataDir: '.', imageSize: 64 });
    expect(() => checkTrainingBudget(folder, [64, 64, 1])).not.toThrow();
    expect(() => checkTrainingBudget(folder, [1024, 1024, 3])).toThrow(/trainable parameters/);
  });

  it('lets every data set train with its defaults and the study settings', () => {
    for (const data of DATA_NAMES) {
      const extra = data === 'image-folder' ? { dataDir: '.' } : {};
      expect(() => resolveTrainConfig({ data, ...extra }), data).not.toThrow();
    }
    for (const data of ['mnist', 'fashion-mnist', 'cifar10']) {
      // The slides' reference experiment: DCGAN, batch 64, z of 100 dimensions.
      expect(() => resolveTrainConfig({ data, model: 'dcgan', batchSize: 64 }), data).not.toThrow();
    }
    // Goodfellow et al.'s maxout MLP (configs/goodfellow-mnist-mlp.yaml): 1200-1200 G, 240×5 D.
    expect(() =>
      resolveTrainConfig({
        data: 'mnist',
        generatorHidden: [1200, 1200],
        discriminatorHidden: [240, 240],
        maxoutPieces: 5,
        batchSize: 100,
        latentDim: 100,
      }),
    ).not.toThrow();
  });
});

describe('runTraining with a config out of bounds', () => {
  beforeAll(useCpuBackend);

  it('fails before the data is loaded or a tensor made', async () => {
    const before = tf.memory().numTensors;
    const started = performance.now();
    await expect(
      runTraining({ data: 'mnist-sample', generatorHidden: [16384, 16384], out: '/nonexistent/x' }),
    ).rejects.toThrow(/trainable parameters/);
    expect(performance.now() - started).toBeLessThan(2000); // the MNIST sample loads in ~0.3 s
    expect(tf.memory().numTensors).toBe(before);
  });
});
