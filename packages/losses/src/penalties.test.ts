import { createRng, isGantryError, measureTensorGrowth } from '@gantry/core';
import { expectClose, useCpuBackend } from '@gantry/test-utils';
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
    // ∇ₓ̂ f = w wherever x̂ lies, so every sample contributes (‖w‖ − 1)².
    expectClose(gp.dataSync(), [10 * (norm - 1) ** 2], { rtol: 1e-6, atol: 0 });
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

  it('differentiates through LeakyReLU and maxout critics (comparison kernels get zero grads)', () => {
    // Inputs in the positive orthant and w > 0: LeakyReLU is the identity on x̂·w, and the max
    // picks the piece x̂·(2w), so ∇ₓ̂ f = w and 2w; the penalty and its gradient in w are exact.
    const w = tf.variable(tf.tensor2d([[0.5], [1.5]]));
    const real = tf.tensor2d([1, 2, 0.5, 1, 3, 0.2], [3, 2]);
    const fake = tf.tensor2d([0.1, 0.4, 2, 2, 1, 1], [3, 2]);
    const leaky = (x: tf.Tensor) => tf.leakyRelu(tf.matMul(x as tf.Tensor2D, w), 0.2);
    const maxout = (x: tf.Tensor) =>
      tf.max(
        tf.concat([tf.matMul(x as tf.Tensor2D, w), tf.matMul(x as tf.Tensor2D, tf.mul(w, 2))], 1),
        1,
      );
    const norm = Math.hypot(0.5, 1.5);
    for (const [critic, scale] of [
      [leaky, 1],
      [maxout, 2],
    ] as const) {
      const { value, grads } = tf.variableGrads(
        () => gradientPenalty(critic, real, fake, { lambda: 10, rng: createRng(3) }),
        [w],
      );
      expectClose(value.dataSync(), [10 * (scale * norm - 1) ** 2], { rtol: 1e-5, atol: 0 });
      // ∂/∂w λ(s‖w‖ − 1)² = 2λ(s‖w‖ − 1)·s·w/‖w‖.
      const expected = [0.5, 1.5].map((wi) => (2 * 10 * (scale * norm - 1) * scale * wi) / norm);
      expectClose((grads[w.name] as tf.Tensor).dataSync(), expected, { rtol: 1e-4, atol: 1e-6 });
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([w, real, fake]);
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

  it('inside optimizer.minimize, the penalty alone drives a linear critic to ‖w‖ = 1', () => {
    const w = tf.variable(tf.tensor2d([[3], [-4]]));
    const critic = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
    const real = tf.randomNormal([16, 2], 0, 1, 'float32', 3);
    const fake = tf.randomNormal([16, 2], 0, 1, 'float32', 4);
    const rng = createRng(2);
    // Plain SGD: the gradient 2λ(‖w‖ − 1)·w/‖w‖ is along w, so the direction must be kept.
    const opt = tf.train.sgd(0.01);
    for (let i = 0; i < 100; i++) {
      opt.minimize(() => gradientPenalty(critic, real, fake, { lambda: 10, rng }), false, [w]);
    }
    const [a, b] = Array.from(w.dataSync()) as [number, number];
    expect(Math.hypot(a, b)).toBeCloseTo(1, 4);
    expect(b / a).toBeCloseTo(-4 / 3, 4);
    opt.dispose();
    tf.dispose([w, real, fake]);
  });

  it('R1 is (γ/2)·E‖∇ₓD(x)‖², differentiable in D’s weights', () => {
    const w = tf.variable(tf.tensor2d([[1], [2]]));
    const d = (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w);
    const real = tf.randomNormal([5, 2], 0, 1, 'float32', 7);
    const r1 = r1Penalty(d, real, { gamma: 4 });
    expect(r1.dataSync()[0]).toBeCloseTo((4 / 2) * 5, 5);
    // (γ/2)‖w‖² has gradient γ·w.
    const { grads } = tf.variableGrads(() => r1Penalty(d, real, { gamma: 4 }), [w]);
    expectClose((grads[w.name] as tf.Tensor).dataSync(), [4, 8], { rtol: 1e-5, atol: 0 });
    // Per-sample norms over every non-batch axis: D(x) = Σ x² on [N, 2, 2, 1] has ∇ = 2x.
    const images = tf.fill([3, 2, 2, 1], 0.5);
    const r1Images = r1Penalty((x) => tf.sum(tf.square(x), [1, 2, 3]), images, { gamma: 2 });
    expect(r1Images.dataSync()[0]).toBeCloseTo(4 * 1 ** 2, 5);
    tf.dispose([w, real, r1, images, r1Images, ...Object.values(grads)]);
  });

  it('rejects negative or non-finite weights', () => {
    const critic = (x: tf.Tensor) => tf.sum(x, 1);
    const x = tf.ones([2, 2]);
    const cases: [() => unknown, RegExp][] = [
      [
        () => gradientPenalty(critic, x, x, { lambda: -1, rng: createRng(1) }),
        /gradientPenalty: lambda must be a finite number >= 0, got -1/,
      ],
      [() => r1Penalty(critic, x, { gamma: Number.NaN }), /r1Penalty: gamma must be .* got NaN/],
    ];
    for (const [fn, message] of cases) {
      try {
        fn();
        expect.unreachable();
      } catch (e) {
        expect(isGantryError(e, 'E_BAD_OPTION')).toBe(true);
        expect((e as Error).message).toMatch(message);
      }
    }
    x.dispose();
  });

  it('clipping keeps every weight in [−c, c] and changes only those outside', () => {
    const v = tf.variable(tf.tensor1d([-0.5, -0.01, 0, 0.005, 0.02, 3]));
    clipWeights([v], 0.01);
    expect(Array.from(v.dataSync())).toEqual([-0.01, -0.01, 0, 0.005, 0.01, 0.01].map(Math.fround));
    expect(() => clipWeights([v], 0)).toThrowError(/c must be > 0/);
    try {
      clipWeights([v], -1);
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_BAD_OPTION')).toBe(true);
    }
    // Several variables, matrices too, and the same Variable objects afterwards.
    const m = tf.variable(
      tf.tensor2d([
        [5, -5],
        [0.2, -0.3],
      ]),
    );
    const before = tf.memory().numTensors;
    clipWeights([v, m], 0.25);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(m.dataSync())).toEqual([0.25, -0.25, 0.2, -0.25].map(Math.fround));
    v.dispose();
    m.dispose();
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
