import { isGantryError } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGan, type GanSpec } from './buildGan';
import { ganSize } from './ganSize';

const SPECS: GanSpec[] = [
  { model: 'mlp', dataShape: [28, 28, 1], latentDim: 16, seed: 1 }, // the builders' defaults
  {
    model: 'mlp',
    dataShape: [28, 28, 1],
    latentDim: 64,
    generatorHidden: [32, 48],
    discriminatorHidden: [40, 24],
    maxoutPieces: 0,
    seed: 1,
  },
  {
    model: 'mlp',
    dataShape: [8, 8, 3],
    latentDim: 5,
    generatorHidden: [],
    discriminatorHidden: [7],
    maxoutPieces: 3,
    seed: 1,
  },
  { model: 'toy-mlp', dataShape: [2], latentDim: 2, seed: 1 },
  { model: 'toy-mlp', dataShape: [1], latentDim: 3, generatorHidden: [5, 6, 7], seed: 1 },
  { model: 'dcgan', dataShape: [28, 28, 1], latentDim: 10, baseFilters: 4, seed: 1 },
  {
    model: 'dcgan',
    dataShape: [32, 32, 3],
    latentDim: 7,
    baseFilters: 3,
    normalization: 'layer',
    seed: 1,
  },
  {
    model: 'dcgan',
    dataShape: [32, 32, 3],
    latentDim: 7,
    baseFilters: 2,
    normalization: 'none',
    seed: 1,
  },
];

describe('ganSize', () => {
  beforeAll(useCpuBackend);

  it('counts the parameters buildGan builds, for every architecture, without building', () => {
    for (const spec of SPECS) {
      const before = tf.memory().numTensors;
      const size = ganSize(spec);
      expect(tf.memory().numTensors).toBe(before); // nothing allocated
      const gan = buildGan(spec);
      expect(size.parameters, JSON.stringify(spec)).toEqual(gan.parameters);
      gan.generator.dispose();
      gan.discriminator.dispose();
    }
  });

  it('counts the values one sample makes flow: z, every layer output, the sample twice', () => {
    // z 4 → 6 → 9 (G), 9 → 5 → 1 (D): 4 + 6 + 9 + 9 + 5 + 1.
    const toy = ganSize({
      model: 'toy-mlp',
      dataShape: [9],
      latentDim: 4,
      generatorHidden: [6],
      discriminatorHidden: [5],
      seed: 0,
    });
    expect(toy.activationsPerSample).toBe(34);
    // A billion-wide hidden layer is counted, not allocated.
    const huge = ganSize({
      model: 'mlp',
      dataShape: [28, 28, 1],
      latentDim: 64,
      generatorHidden: [1e9],
      seed: 0,
    });
    expect(huge.parameters.generator).toBe(64 * 1e9 + 1e9 + 1e9 * 784 + 784);
  });

  it('refuses a DCGAN image shape it cannot build, naming it', () => {
    try {
      ganSize({ model: 'dcgan', dataShape: [64, 64, 3], latentDim: 100, seed: 0 });
      expect.unreachable();
    } catch (error) {
      expect(isGantryError(error, 'E_BAD_MODEL_OPTION')).toBe(true);
      expect((error as Error).message).toMatch(/got 64x64x3/);
    }
  });
});
