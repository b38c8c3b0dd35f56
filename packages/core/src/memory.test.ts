import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureTensorGrowth } from './memory';

describe('measureTensorGrowth', () => {
  beforeAll(useCpuBackend);

  it('reports zero growth for a tidy loop', async () => {
    const r = await measureTensorGrowth(() => tf.tidy(() => tf.sum(tf.add(tf.ones([3]), 1))), {
      iterations: 50,
    });
    expect(r.growth).toBe(0);
  });

  it('detects a leak of one tensor per iteration', async () => {
    const kept: tf.Tensor[] = [];
    const r = await measureTensorGrowth(
      () => {
        kept.push(tf.ones([2]));
      },
      { iterations: 25, warmup: 0 },
    );
    expect(r.growth).toBe(25);
    expect(r.perIteration).toBe(1);
    tf.dispose(kept);
  });
});
