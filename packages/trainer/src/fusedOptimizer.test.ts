// The fused optimizer update of the native backend (one kernel per variable) against the
// separate element-wise ops on native and on cpu: the same bits, at 1 and 2 threads, with the
// work split over the pool, and no tensor left behind.
import { registerNativeBackend, setNativeThreads } from '@gantry/backend-native';
import { createRng, measureTensorGrowth, OPTIMIZER_UPDATE_KERNEL } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerSpec } from './optimizers';

beforeAll(async () => {
  await useCpuBackend();
  await registerNativeBackend();
});

const SPECS: Record<string, OptimizerSpec> = {
  adam: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  'adam (WGAN-GP β)': { kind: 'adam', lr: 1e-4, beta1: 0, beta2: 0.9 },
  rmsprop: { kind: 'rmsprop', lr: 5e-5 },
  'sgd, momentum ramp and lr decay': {
    kind: 'sgd',
    lr: 0.1,
    momentum: 0.5,
    schedule: { lrDecay: 1.01, momentumFinal: 0.7, momentumSaturate: 4 },
  },
};

/** θ (60,000 entries: split over the pool) and its slots after 6 updates with seeded gradients. */
function run(spec: OptimizerSpec, fused: boolean) {
  const rng = createRng(7);
  const normal = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  const theta = [
    tf.variable(tf.tensor(normal(60_000), [300, 200])),
    tf.variable(tf.tensor(normal(7))),
  ];
  const opt = createOptimizer(spec, { fused });
  for (let t = 0; t < 6; t++) {
    const grads = theta.map((v) => tf.tensor(normal(v.size), v.shape));
    opt.apply(theta, grads);
    tf.dispose(grads);
  }
  const state = opt.getState();
  const values = theta.map((v) => Array.from(v.dataSync()));
  opt.dispose();
  tf.dispose(theta);
  return { values, slots: state.slots.map((row) => row.map((s) => Array.from(s.values))) };
}

/** The kernels one update runs (after the first, which makes the slots). */
async function kernelsOfUpdate(spec: OptimizerSpec, fused: boolean): Promise<string[]> {
  const theta = tf.variable(tf.ones([4]));
  const g = tf.ones([4]);
  const opt = createOptimizer(spec, { fused });
  opt.apply([theta], [g]);
  const info = await tf.profile(() => opt.apply([theta], [g]));
  opt.dispose();
  tf.dispose([theta, g]);
  return info.kernelNames;
}

describe('the fused optimizer update (native backend)', () => {
  it.each(Object.entries(SPECS))(
    '%s: the same bits as the separate ops on native (1 and 2 threads) and on cpu',
    async (_, spec) => {
      await tf.setBackend('cpu');
      const reference = run(spec, false);
      await tf.setBackend('native');
      for (const threads of [1, 2]) {
        setNativeThreads(threads);
        expect(run(spec, false), `native ops, ${threads} threads`).toEqual(reference);
        expect(run(spec, true), `fused, ${threads} threads`).toEqual(reference);
      }
      setNativeThreads(1);
    },
  );

  it('runs one kernel per variable where the backend has it, the separate ops otherwise', async () => {
    await tf.setBackend('native');
    const adam = SPECS['adam'] as OptimizerSpec;
    expect(await kernelsOfUpdate(adam, true)).toEqual([OPTIMIZER_UPDATE_KERNEL]);
    const ops = await kernelsOfUpdate(adam, false);
    expect(ops).toContain('Sqrt');
    expect(ops).not.toContain(OPTIMIZER_UPDATE_KERNEL);
    await tf.setBackend('cpu');
    expect(await kernelsOfUpdate(adam, true)).toContain('Sqrt');
  });

  it('leaks no tensor over 20 fused updates', async () => {
    await tf.setBackend('native');
    const theta = tf.variable(tf.ones([64, 32]));
    const g = tf.fill([64, 32], 0.5);
    const opt = createOptimizer(SPECS['adam'] as OptimizerSpec);
    const growth = await measureTensorGrowth(() => opt.apply([theta], [g]), { iterations: 20 });
    expect(growth.growth).toBe(0);
    opt.dispose();
    tf.dispose([theta, g]);
  });
});
