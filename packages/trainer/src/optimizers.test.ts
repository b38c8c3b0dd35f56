import { isGantryError, measureTensorGrowth } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerSpec } from './optimizers';

/** Runs `steps` updates of the optimizer on θ with gradient g(θ) = 2θ − 1 (a quadratic). */
function trajectory(spec: OptimizerSpec, steps: number, start = [0.3, -2, 5]): number[][] {
  const opt = createOptimizer(spec);
  const theta = tf.variable(tf.tensor1d(start));
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const g = tf.tidy(() => tf.sub(tf.mul(theta, 2), 1));
    opt.apply([theta], [g]);
    g.dispose();
    out.push(Array.from(theta.dataSync()));
  }
  opt.dispose();
  theta.dispose();
  return out;
}

describe('optimizers', () => {
  beforeAll(useCpuBackend);

  it('adam follows its update rule with bias correction, step by step', () => {
    const lr = 0.1;
    const b1 = 0.5;
    const b2 = 0.999;
    const eps = 1e-8;
    const got = trajectory({ kind: 'adam', lr, beta1: b1, beta2: b2 }, 5, [2]);
    let theta = 2;
    let m = 0;
    let v = 0;
    for (let t = 1; t <= 5; t++) {
      const g = 2 * theta - 1;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      theta -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
      expect(got[t - 1]?.[0]).toBeCloseTo(theta, 5);
    }
  });

  it('sgd with momentum and rmsprop follow their update rules', () => {
    const sgd = trajectory({ kind: 'sgd', lr: 0.1, momentum: 0.5 }, 4, [2]);
    let theta = 2;
    let vel = 0;
    for (let t = 0; t < 4; t++) {
      vel = 0.5 * vel - 0.1 * (2 * theta - 1);
      theta += vel;
      expect(sgd[t]?.[0]).toBeCloseTo(theta, 5);
    }
    const rms = trajectory({ kind: 'rmsprop', lr: 0.01, decay: 0.9 }, 4, [2]);
    theta = 2;
    let s = 0;
    for (let t = 0; t < 4; t++) {
      const g = 2 * theta - 1;
      s = 0.9 * s + 0.1 * g * g;
      theta -= (0.01 * g) / (Math.sqrt(s) + 1e-8);
      expect(rms[t]?.[0]).toBeCloseTo(theta, 5);
    }
  });

  it('each optimizer minimises the quadratic (θ → ½)', () => {
    for (const spec of [
      { kind: 'adam', lr: 0.05 },
      { kind: 'sgd', lr: 0.1, momentum: 0.5 },
      { kind: 'rmsprop', lr: 0.03 },
    ] as OptimizerSpec[]) {
      const last = trajectory(spec, 400).at(-1) as number[];
      for (const x of last) expect(Math.abs(x - 0.5), spec.kind).toBeLessThan(0.05);
    }
  });

  it('restores its state exactly: continuing from a saved state matches never stopping', () => {
    const spec: OptimizerSpec = { kind: 'adam', lr: 0.01 };
    const grad = (theta: tf.Variable) => tf.tidy(() => tf.sub(tf.mul(theta, 2), 1));
    const a = createOptimizer(spec);
    const thetaA = tf.variable(tf.tensor1d([1, 2, 3]));
    for (let i = 0; i < 10; i++) {
      const g = grad(thetaA);
      a.apply([thetaA], [g]);
      g.dispose();
    }
    const saved = JSON.parse(
      JSON.stringify(a.getState(), (_, v) => (v instanceof Float32Array ? Array.from(v) : v)),
    );
    saved.slots = saved.slots.map((row: { shape: number[]; values: number[] }[]) =>
      row.map((s) => ({ shape: s.shape, values: Float32Array.from(s.values) })),
    );
    const b = createOptimizer(spec);
    b.setState(saved);
    const thetaB = tf.variable(tf.tensor1d(Array.from(thetaA.dataSync())));
    for (let i = 0; i < 10; i++) {
      for (const [opt, theta] of [
        [a, thetaA],
        [b, thetaB],
      ] as const) {
        const g = grad(theta);
        opt.apply([theta], [g]);
        g.dispose();
      }
    }
    expect(Array.from(thetaB.dataSync())).toEqual(Array.from(thetaA.dataSync()));
    tf.dispose([thetaA, thetaB]);
    a.dispose();
    b.dispose();
  });

  it('does not leak tensors over 1,000 updates', async () => {
    for (const kind of ['adam', 'sgd', 'rmsprop'] as const) {
      const opt = createOptimizer({ kind, lr: 1e-3 });
      const theta = tf.variable(tf.randomNormal([16, 8]));
      const { growth } = await measureTensorGrowth(
        () => {
          const g = tf.tidy(() => tf.mul(theta, 2));
          opt.apply([theta], [g]);
          g.dispose();
        },
        { iterations: 1000 },
      );
      expect(growth, kind).toBe(0);
      opt.dispose();
      theta.dispose();
    }
  });

  it('rejects bad hyper-parameters with a coded error naming the key', () => {
    for (const [spec, pattern] of [
      [{ kind: 'adam', lr: 0 }, /optimizer lr must be a positive number, got 0/],
      [{ kind: 'adam', lr: 1, beta1: 1 }, /optimizer beta1 must be in \[0, 1\), got 1/],
      [{ kind: 'lbfgs', lr: 1 }, /unknown optimizer "lbfgs"; known: sgd, adam, rmsprop/],
    ] as const) {
      try {
        createOptimizer(spec as OptimizerSpec);
        expect.unreachable();
      } catch (error) {
        expect(isGantryError(error, 'E_BAD_CONFIG')).toBe(true);
        expect((error as Error).message).toMatch(pattern);
      }
    }
  });
});
