import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalNoise, parsePrior, sampleNoise, uniformNoise } from './noise';
import { createRng } from './rng';

describe('noise priors', () => {
  beforeAll(useCpuBackend);

  it('draws N(0, 1) float32 tensors of the requested shape, reproducibly', () => {
    const z = normalNoise(createRng(1), [500, 100]);
    expect(z.shape).toEqual([500, 100]);
    expect(z.dtype).toBe('float32');
    const data = z.dataSync() as Float32Array;
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    const variance = data.reduce((a, b) => a + (b - mean) ** 2, 0) / data.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    const again = normalNoise(createRng(1), [500, 100]);
    expect(Array.from(again.dataSync())).toEqual(Array.from(data));
    tf.dispose([z, again]);
  });

  it('draws U[−1, 1) by default and honours bounds', () => {
    const z = uniformNoise(createRng(2), [10_000]);
    const d = z.dataSync() as Float32Array;
    expect(Math.min(...d)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...d)).toBeLessThan(1);
    expect(Math.max(...d)).toBeGreaterThan(0.99);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    z.dispose();
    const w = uniformNoise(createRng(2), [1000], { low: 2, high: 3 });
    expect(Math.min(...w.dataSync())).toBeGreaterThanOrEqual(2);
    w.dispose();
  });

  it('samples a batch from a parsed prior and rejects bad input', () => {
    const z = sampleNoise(createRng(3), parsePrior('uniform'), 4, 7);
    expect(z.shape).toEqual([4, 7]);
    z.dispose();
    expect(() => parsePrior('cauchy')).toThrowError(
      /unknown noise prior "cauchy"; known: normal, uniform/,
    );
    expect(() => normalNoise(createRng(1), [3, 0])).toThrowError(/shape\[1\]/);
  });
});
