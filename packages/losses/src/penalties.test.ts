import { createRng, isGantryError, measureTensorGrowth } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipWeights, gradientPenalty, r1Penalty } from './penalties';

describe('penalties and constraints', () => {
  beforeAll(useCpuBackend);

  it('the gradient penalty of a linear critic f(x) = w·x is λ(‖w‖ − 1)² exactly', () => {
    const w = tf.variable(tf.tensor2d([[0.3], [-1.2], [2]]));
    const critic = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
    const real = tf.randomNormal([8, 3], 0, 1, 'float32', 1);
    const fake = tf.randomNormal([8, 3], 0, 1, 'float32', 2);
    const norm = Math.hypot(0.3, -1.2, 2);
    const gp = gradientPenalty(critic, real, fake, { lambda: 10, rng: createRng(1) });
    expect(gp.dataSync()[0]).toBeCloseTo(10 * (norm - 1) ** 2, 4);
    // Differentiable with respect to the critic's weights (a gradient of a gradient):
    // ∂/∂w λ(‖w‖ − 1)² = 2λ(‖w‖ − 1)·w/‖w‖.
    const { grads } = tf.variableGrads(
      () => gradientPenalty(critic, real, fake, { lambda: 10, rng: createRng(1) }),
      [w],
    );
    const g = Array.from((grads[w.name] as tf.Tensor).dataSync());
    const expected = [0.3, -1.2, 2].map((wi) => (2 * 10 * (norm - 1) * wi) / norm);
    g.forEach((gi, i) => expect(gi).toBeCloseTo(expected[i] as number, 3));
    tf.dispose([w, real, fake, gp, ...Object.values(grads)]);
  });

  it('draws one interpolation coefficient per sample from the rng (images too)', () => {
    // f(x) = Σ x² has gradient 2x̂: the penalty depends on where x̂ lies, hence on ε.
    const critic = (x: tf.Tensor) => tf.sum(tf.square(x), [1, 2, 3]);
    const real = tf.ones([4, 2, 2, 1]);
    const fake = tf.zeros([4, 2, 2, 1]);
    const a = gradientPenalty(critic, real, fake, { lambda: 1, rng: createRng(5) }).dataSync()[0];
    const b = gradientPenalty(critic, real, fake, { lambda: 1, rng: createRng(5) }).dataSync()[0];
    const c = gradientPenalty(critic, real, fake, { lambda: 1, rng: createRng(6) }).dataSync()[0];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    // By hand: x̂ = ε·1, ‖∇‖ = 2ε·√4 = 4ε; penalty = mean (4ε − 1)².
    const eps = createRng(5).fillUniform(new Float32Array(4));
    const byHand = Array.from(eps).reduce((s, e) => s + (4 * e - 1) ** 2, 0) / 4;
    expect(a).toBeCloseTo(byHand, 5);
    expect(() =>
      gradientPenalty(critic, real, tf.zeros([3, 2, 2, 1]), { lambda: 1, rng: createRng(1) }),
    ).toThrowError(/real \[4, 2, 2, 1\] and fake \[3, 2, 2, 1\] differ/);
  });

  it('R1 is (γ/2)·E‖∇ₓD(x)‖²', () => {
    const w = tf.tensor2d([[1], [2]]);
    const d = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
    const r1 = r1Penalty(d, tf.randomNormal([5, 2]), { gamma: 4 });
    expect(r1.dataSync()[0]).toBeCloseTo((4 / 2) * 5, 5);
  });

  it('clipping keeps every weight in [−c, c] and changes only those outside', () => {
    const v = tf.variable(tf.tensor1d([-0.5, -0.01, 0, 0.005, 0.02, 3]));
    clipWeights([v], 0.01);
    expect(Array.from(v.dataSync())).toEqual([-0.01, -0.01, 0, 0.005, 0.01, 0.01].map(Math.fround));
    expect(() => clipWeights([v], 0)).toThrowError(/c must be > 0/);
    try {
      clipWeights([v], -1);
    } catch (e) {
      expect(isGantryError(e, 'E_BAD_OPTION')).toBe(true);
    }
    v.dispose();
  });

  it('penalties do not leak tensors', async () => {
    const w = tf.variable(tf.randomNormal([3, 1]));
    const critic = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
    const real = tf.randomNormal([8, 3]);
    const fake = tf.randomNormal([8, 3]);
    const rng = createRng(1);
    const { growth } = await measureTensorGrowth(
      () => {
        tf.dispose([
          gradientPenalty(critic, real, fake, { lambda: 10, rng }),
          r1Penalty(critic, real, { gamma: 1 }),
        ]);
        clipWeights([w], 0.5);
      },
      { iterations: 300 },
    );
    expect(growth).toBe(0);
    tf.dispose([w, real, fake]);
  });
});
