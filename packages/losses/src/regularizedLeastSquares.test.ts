import { expectClose, useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLoss } from './registry';
import type { GanLoss } from './types';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The outputs: D(x) and D(G(z)).
const REAL = [2.5, 0.7, -1.3, 0, 3.1];
const FAKE = [-10, 0.4, 1.7, -0.5, 2.2];

function scalar(fn: () => tf.Scalar): number {
  return tf.tidy(() => fn().dataSync()[0] as number);
}

/**
 * ∂/∂(θ₀, θ₁) of `loss`'s generator loss for G(z) = θ₀ + θ₁·z on z = (0, 1), through the fixed
 * discriminator `d`, with D's outputs on the real points `realX` as ctx.real.
 */
function generatorGrads(
  loss: GanLoss,
  d: (x: tf.Tensor) => tf.Tensor,
  theta: [number, number],
  realX: number[],
): number[] {
  return tf.tidy(() => {
    const z = tf.tensor1d([0, 1]);
    const real = d(tf.tensor1d(realX));
    const grads = tf.grads((t0: tf.Tensor, t1: tf.Tensor) =>
      loss.generatorLoss(d(tf.add(t0, tf.mul(t1, z))), { real }),
    )([tf.scalar(theta[0]), tf.scalar(theta[1])]);
    return grads.map((g) => g.dataSync()[0] as number);
  });
}

/** A one-unit least-squares D, 2·relu(x): 0 (the fake code a) and flat for x < 0, slope 2 above. */
const reluD = (x: tf.Tensor) => tf.mul(tf.relu(x), 2);

describe("regularized-least-squares: the slides' V_LSGAN'(G)", () => {
  beforeAll(useCpuBackend);
  const reg = getLoss('regularized-least-squares');
  const lsgan = getLoss('lsgan');

  it("G's loss is ½E(f − c)² + λ(E f − E r)²: 13.8084 at the issue's numbers (λ = ¼, c = 1)", () => {
    expect(reg.options).toMatchObject({ a: 0, b: 1, c: 1, lambda: 0.25 });
    const g = scalar(() => reg.generatorLoss(tf.tensor1d(FAKE), { real: tf.tensor1d(REAL) }));
    // ½·mean((f − 1)²) = ½·125.54/5 = 12.554; E f − E r = −1.24 − 1 = −2.24; ¼·2.24² = 1.2544.
    const closed =
      0.5 * mean(FAKE.map((f) => (f - 1) ** 2)) + 0.25 * (mean(FAKE) - mean(REAL)) ** 2;
    expect(closed).toBeCloseTo(13.8084, 10);
    expect(g).toBeCloseTo(13.8084, 4);
    // Plain LSGAN's G loss is the 12.5540 the D-side version returned; D's loss is LSGAN's.
    expect(scalar(() => lsgan.generatorLoss(tf.tensor1d(FAKE)))).toBeCloseTo(12.554, 4);
    const dLoss = (l: GanLoss) =>
      scalar(() => l.discriminatorLoss(tf.tensor1d(REAL), tf.tensor1d(FAKE)));
    expect(dLoss(reg)).toBe(dLoss(lsgan));
  });

  it('gradients: ∂/∂fᵢ = ((fᵢ − c) + 2λ(E f − E r))/N and ∂/∂rᵢ = −2λ(E f − E r)/N', () => {
    const loss = getLoss('regularized-least-squares', { lambda: 3, c: 0.5 });
    const [dFake, dReal] = tf.tidy(() =>
      tf
        .grads((f: tf.Tensor, r: tf.Tensor) => loss.generatorLoss(f, { real: r }))([
          tf.tensor1d(FAKE),
          tf.tensor1d(REAL),
        ])
        .map((t) => Array.from(t.dataSync())),
    ) as [number[], number[]];
    const gap = mean(FAKE) - mean(REAL);
    const n = FAKE.length;
    expectClose(
      dFake,
      FAKE.map((f) => (f - 0.5 + 2 * 3 * gap) / n),
      { rtol: 1e-5, atol: 1e-6 },
    );
    expectClose(
      dReal,
      REAL.map(() => (-2 * 3 * gap) / n),
      { rtol: 1e-5, atol: 1e-6 },
    );
  });

  it('at p_g = p_data (fake outputs = real outputs) the λ term adds no gradient', () => {
    const out = [0.4, 0.6, 0.5, 0.5];
    const grad = (l: GanLoss) =>
      tf.tidy(() =>
        Array.from(
          tf
            .grad((f: tf.Tensor) => l.generatorLoss(f, { real: tf.tensor1d(out) }))(
              tf.tensor1d(out),
            )
            .dataSync(),
        ),
      );
    expect(grad(reg)).toEqual(grad(lsgan));
  });

  it('a confident, non-flat D: the λ term pulls 2λ times as hard as LSGAN, G gets (1 + 2λ)×', () => {
    // D(x) = x, fakes G(z) = 0 (= a) at θ = (0, 0), reals at 1 (= b = c). LSGAN: ∂/∂θ =
    // E[(f − 1)·(1, z)] = (−1, −½); the λ term: 2λ(E f − E r)·E[(1, z)] = −2λ·(1, ½).
    const plain = generatorGrads(lsgan, (x) => x, [0, 0], [1, 1]);
    const full = generatorGrads(reg, (x) => x, [0, 0], [1, 1]);
    expectClose(plain, [-1, -0.5], { rtol: 1e-6, atol: 1e-7 });
    expectClose(full, [-1.5, -0.75], { rtol: 1e-6, atol: 1e-7 });
  });

  it('a saturated D: LSGAN gives G exactly no gradient, the λ term a closed-form one', () => {
    // "Saturated" for a least-squares D: G's per-sample factor (fᵢ − c) never flattens except at
    // fᵢ = c, so what vanishes is ∇ₓD at G(z): D flat around the fakes. With D = 2·relu(x),
    // θ = (−1, 1.5) puts G(z) at (−1, 0.5): the first fake sits in D's flat part (D = a = 0,
    // ∇D = 0), the second where D says c = 1 (residual 0). LSGAN's gradient is 0 + 0 = 0, yet
    // half of G's mass is rejected. The λ term sees E f = ½ against E r = 1 (reals at 0.5):
    // 2λ(−½)·½·(∇D(0.5)·(1, z₂)) = 2λ(−½)·½·2·(1, 1) = (−λ, −λ).
    const plain = generatorGrads(lsgan, reluD, [-1, 1.5], [0.5, 0.5]);
    const full = generatorGrads(reg, reluD, [-1, 1.5], [0.5, 0.5]);
    expect(plain).toEqual([0, 0]);
    expectClose(full, [-0.25, -0.25], { rtol: 1e-6, atol: 1e-7 });
    // A descent step raises θ₀ = G(0), moving the rejected fake towards D's slope.
    expect(-0.1 * (full[0] as number)).toBeGreaterThan(0);
  });

  it('where D is flat at every fake, neither term reaches G (the claim needs one unsaturated fake)', () => {
    // θ = (−1, 0.5): G(z) = (−1, −0.5), both in D's flat part. The λ term sees G only through
    // D(G(z)), like LSGAN's, so its gradient is ∇D-weighted too and vanishes with it.
    expect(generatorGrads(reg, reluD, [-1, 0.5], [0.5, 0.5])).toEqual([0, 0]);
    expect(generatorGrads(lsgan, reluD, [-1, 0.5], [0.5, 0.5])).toEqual([0, 0]);
  });
});
