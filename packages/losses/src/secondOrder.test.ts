import { readFileSync } from 'node:fs';
import { measureTensorGrowth, type Rng } from '@gantry/core';
import { expectClose, useCpuBackend, useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CASES, closedForm } from '../test/secondOrderCases';
import { gradientPenalty, r1Penalty } from './penalties';
import { ensureSecondOrderGradients, SECOND_ORDER_KERNELS } from './secondOrder';

// tfjs's own gradient configs, captured before anything here registers ours (vitest runs each
// test file in a fresh module graph; the first test checks that these are tfjs's).
const TFJS_GRADIENTS = new Map(SECOND_ORDER_KERNELS.map((k) => [k, tf.getGradient(k)]));

/** Puts tfjs's gradients back for the length of `fn`, then ours again. */
function withTfjsGradients<T>(fn: () => T): T {
  for (const [kernel, config] of TFJS_GRADIENTS) {
    tf.unregisterGradient(kernel);
    if (config) tf.registerGradient(config);
  }
  try {
    return fn();
  } finally {
    ensureSecondOrderGradients();
  }
}

/** d/dw (∂/∂x op(w·x))² at (w, x), by tfjs's double backprop. */
function secondOrder(op: (u: tf.Tensor) => tf.Tensor, w: number, x: number): number {
  return tf.tidy(() => {
    const inner = (wv: tf.Tensor) =>
      tf.square(tf.grad((xv: tf.Tensor) => op(tf.mul(wv, xv)))(tf.scalar(x)));
    return tf.grad(inner)(tf.scalar(w)).dataSync()[0] as number;
  });
}

type Fixture = {
  lambda: number;
  gamma: number;
  params: Record<'W1' | 'b1' | 'W2' | 'b2' | 'w3' | 'b3', number[] | number[][]>;
  real: number[][];
  fake: number[][];
  eps: number[];
  gradientPenalty: { value: number; grads: Record<string, number[] | number[][]> };
  r1: { value: number; grads: Record<string, number[] | number[][]> };
};
const FIXTURE = JSON.parse(
  readFileSync(new URL('../test/fixtures/second-order-reference.json', import.meta.url), 'utf8'),
) as Fixture;
const PARAM_NAMES = ['W1', 'b1', 'W2', 'b2', 'w3', 'b3'] as const;

/** f(x) = σ(tanh(x·W1 + b1)·W2 + b2)·w3 + b3 with the fixture's weights, as tf.Variables. */
function tanhCritic() {
  const vars = Object.fromEntries(
    PARAM_NAMES.map((k) => [k, tf.variable(tf.tensor(FIXTURE.params[k]))]),
  ) as Record<(typeof PARAM_NAMES)[number], tf.Variable>;
  const critic = (x: tf.Tensor) => {
    const h1 = tf.tanh(tf.add(tf.matMul(x as tf.Tensor2D, vars.W1 as tf.Tensor2D), vars.b1));
    const h2 = tf.sigmoid(tf.add(tf.matMul(h1 as tf.Tensor2D, vars.W2 as tf.Tensor2D), vars.b2));
    return tf.reshape(tf.add(tf.matMul(h2 as tf.Tensor2D, vars.w3 as tf.Tensor2D), vars.b3), [-1]);
  };
  return { vars, critic, dispose: () => tf.dispose(Object.values(vars)) };
}

/** An Rng whose uniform draws are the fixture's interpolation coefficients. */
const fixtureRng = () =>
  ({
    fillUniform: (out: Float32Array) => {
      out.set(FIXTURE.eps);
      return out;
    },
  }) as unknown as Rng;

/** λ·E(√(‖∇f(x̂)‖² + 1e-12) − 1)², written out with tf.grad (no call to our ensure). */
function plainGradientPenalty(critic: (x: tf.Tensor) => tf.Tensor, xHat: tf.Tensor): tf.Scalar {
  const g = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(xHat);
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(g), 1), 1e-12));
  return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), FIXTURE.lambda) as tf.Scalar;
}

describe('tfjs 4.22 without the fix (tensorflow/tfjs#3252)', () => {
  beforeAll(useCpuBackend);

  it('its gradients of these kernels read the saved output, and their second order is wrong', () => {
    for (const [kernel, config] of TFJS_GRADIENTS) {
      expect(config?.outputsToSave, kernel).toEqual([true]);
    }
    const [tanh, sigmoid, exp] = withTfjsGradients(() =>
      [tf.tanh, tf.sigmoid, tf.exp].map((op) => secondOrder(op, 1.3, 0.7)),
    );
    // The numbers: tfjs gives 0.599, 0.109, 16.05 against −0.187, 0.0667, 30.65.
    expect(tanh).toBeCloseTo(0.599, 3);
    expect(sigmoid).toBeCloseTo(0.109, 3);
    expect(exp).toBeCloseTo(16.05, 2);
    // elu: the term through y is lost (2w·e^{2u} = 0.421 against 0.0379 at u = −0.91), and once
    // the gradient flowing into elu depends on w too (elu(wx)²), tfjs needs a gradient of its
    // EluGrad kernel, which it does not have.
    const elu = withTfjsGradients(() => secondOrder(tf.elu, 1.3, -0.7));
    expect(elu).toBeCloseTo(2 * 1.3 * Math.exp(2 * 1.3 * -0.7), 4);
    const squared = (u: tf.Tensor) => tf.square(tf.elu(u));
    expect(() => withTfjsGradients(() => secondOrder(squared, 1.3, -0.7))).toThrow(/EluGrad/);
  });

  it('through a tanh critic the first-layer bias gets no penalty gradient at all', () => {
    const { vars, critic, dispose } = tanhCritic();
    const reached = withTfjsGradients(() =>
      tf.tidy(() => {
        const e = tf.reshape(tf.tensor1d(FIXTURE.eps), [-1, 1]);
        const xHat = tf.add(tf.mul(e, FIXTURE.real), tf.mul(tf.sub(1, e), FIXTURE.fake));
        const { grads } = tf.variableGrads(
          () => plainGradientPenalty(critic, xHat),
          PARAM_NAMES.map((k) => vars[k]),
        );
        // tfjs leaves out the variables its tape finds no path from.
        return PARAM_NAMES.filter((k) => grads[vars[k].name] !== undefined);
      }),
    );
    // ∇ₓf = W1·diag(1 − h1²)·W2·diag(σ′)·w3: b1 and b2 reach it only through tanh′ = 1 − tanh²
    // and σ′ = σ(1 − σ), both read from saved outputs, so tfjs sees no path (a zero gradient)
    // where the float64 reference has |∂/∂b1| ≥ 0.16 and |∂/∂b2| > 0.
    expect(reached).toEqual(['W1', 'W2', 'w3']);
    expect(FIXTURE.gradientPenalty.grads.b1?.every((v) => Math.abs(v as number) > 0.1)).toBe(true);
    expect(FIXTURE.gradientPenalty.grads.b2?.some((v) => Math.abs(v as number) > 0.01)).toBe(true);
    dispose();
  });
});

describe.each([
  ['cpu', useCpuBackend],
  ['native', () => useFastBackend(() => import('@gantry/backend-native'))],
] as const)('second-order gradients on the %s backend', (_name, useBackend) => {
  beforeAll(async () => {
    await useBackend();
    ensureSecondOrderGradients();
  });

  it("meets the issue's closed forms: tanh −0.187, sigmoid 0.0667, exp 30.65", () => {
    expect(secondOrder(tf.tanh, 1.3, 0.7)).toBeCloseTo(-0.18715, 4);
    expect(secondOrder(tf.sigmoid, 1.3, 0.7)).toBeCloseTo(0.066667, 5);
    expect(secondOrder(tf.exp, 1.3, 0.7)).toBeCloseTo(30.6494, 2);
  });

  it.each(CASES)('%s: d/dw (∂ₓ op(wx))² equals 2w·op′·(op′ + u·op″)', (_n, op, d1, d2, points) => {
    const got = points.map(([w, x]) => secondOrder(op, w, x));
    const want = points.map(([w, x]) => closedForm(d1, d2, w, x));
    expectClose(got, want, { rtol: 2e-4, atol: 1e-5 });
  });

  it('softmax and max/min (whose gradients also read the output) are right to second order', () => {
    const x = [0.7, -0.2, 1.1];
    const c = [1, -2, 0.5];
    const w = 1.3;
    // g(w) = ∂ₓ c·softmax(wx) = w·y⊙(c − c̄), y = softmax(wx), c̄ = c·y; dy/dw = y⊙(x − x̄).
    const z = x.map((v) => w * v);
    const ez = z.map((v) => Math.exp(v - Math.max(...z)));
    const y = ez.map((v) => v / ez.reduce((a, b) => a + b, 0));
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
    const cBar = dot(c, y);
    const dy = y.map((v, i) => v * ((x[i] as number) - dot(x, y)));
    const g = y.map((v, i) => w * v * ((c[i] as number) - cBar));
    const dg = y.map(
      (v, i) =>
        v * ((c[i] as number) - cBar) +
        w * ((dy[i] as number) * ((c[i] as number) - cBar) - v * dot(c, dy)),
    );
    const vectorCase = (loss: (u: tf.Tensor) => tf.Tensor) =>
      tf.tidy(() => {
        const inner = (wv: tf.Tensor) =>
          tf.sum(tf.square(tf.grad((xv: tf.Tensor) => loss(tf.mul(wv, xv)))(tf.tensor1d(x))));
        return tf.grad(inner)(tf.scalar(w)).dataSync()[0] as number;
      });
    const softmax = vectorCase((u) => tf.sum(tf.mul(tf.tensor1d(c), tf.softmax(u))));
    expect(Math.abs(softmax - 2 * dot(g, dg))).toBeLessThan(1e-5 + 2e-4 * Math.abs(2 * dot(g, dg)));
    // max(wx) = w·x₃ and min(wx) = w·x₂ near w = 1.3, so (∂ₓ)² = w² and its derivative is 2w.
    expect(vectorCase((u) => tf.max(u))).toBeCloseTo(2 * w, 5);
    expect(vectorCase((u) => tf.min(u))).toBeCloseTo(2 * w, 5);
  });

  it('the gradient penalty and R1 through a tanh/sigmoid critic match float64 double backprop', () => {
    const { vars, critic, dispose } = tanhCritic();
    const real = tf.tensor2d(FIXTURE.real);
    const fake = tf.tensor2d(FIXTURE.fake);
    const list = PARAM_NAMES.map((k) => vars[k]);
    const gp = tf.variableGrads(
      () => gradientPenalty(critic, real, fake, { lambda: FIXTURE.lambda, rng: fixtureRng() }),
      list,
    );
    const r1 = tf.variableGrads(() => r1Penalty(critic, real, { gamma: FIXTURE.gamma }), list);
    for (const [got, want] of [
      [gp, FIXTURE.gradientPenalty],
      [r1, FIXTURE.r1],
    ] as const) {
      expectClose(got.value.dataSync(), [want.value], { rtol: 1e-5, atol: 1e-6 });
      for (const k of PARAM_NAMES) {
        const expected = (want.grads[k] as (number | number[])[]).flat();
        // b3 does not reach ∇ₓf: no gradient (tfjs omits it), exactly 0 in the reference.
        const grad = got.grads[vars[k].name];
        const actual = grad ? grad.dataSync() : new Float32Array(expected.length);
        if (!grad) expect(k).toBe('b3');
        expectClose(actual, expected, { rtol: 2e-4, atol: 2e-6 });
      }
      tf.dispose([got.value, ...Object.values(got.grads)]);
    }
    tf.dispose([real, fake]);
    dispose();
  });

  it('no tensor growth over 50 penalty gradients through the tanh critic', async () => {
    const { vars, critic, dispose } = tanhCritic();
    const real = tf.tensor2d(FIXTURE.real);
    const fake = tf.tensor2d(FIXTURE.fake);
    const { growth } = await measureTensorGrowth(
      () => {
        const { value, grads } = tf.variableGrads(
          () => gradientPenalty(critic, real, fake, { lambda: 10, rng: fixtureRng() }),
          [vars.W1, vars.b1],
        );
        tf.dispose([value, ...Object.values(grads)]);
      },
      { iterations: 50 },
    );
    expect(growth).toBe(0);
    tf.dispose([real, fake]);
    dispose();
  });
});

describe('ensureSecondOrderGradients', () => {
  beforeAll(useCpuBackend);
  afterAll(() => {
    tf.env().set('DEBUG', false);
    tf.env().set('IS_TEST', true);
  });

  it('is idempotent and prints nothing, even in tfjs debug mode, where a plain override warns', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      ensureSecondOrderGradients();
      const ours = SECOND_ORDER_KERNELS.map((k) => tf.getGradient(k));
      tf.env().set('IS_TEST', false);
      tf.env().set('DEBUG', true);
      warn.mockClear();
      // The control: registering over an existing gradient warns in debug mode...
      tf.registerGradient(TFJS_GRADIENTS.get('Tanh') as tf.GradConfig);
      expect(warn.mock.calls.flat().join(' ')).toMatch(/Overriding the gradient for 'Tanh'/);
      warn.mockClear();
      // ...ours puts its own back without a word, and a second call changes nothing.
      ensureSecondOrderGradients();
      ensureSecondOrderGradients();
      expect(warn).not.toHaveBeenCalled();
      expect(SECOND_ORDER_KERNELS.map((k) => tf.getGradient(k))).toEqual(ours);
      expect(
        ours.every((g, i) => g !== TFJS_GRADIENTS.get(SECOND_ORDER_KERNELS[i] as string)),
      ).toBe(true);
    } finally {
      tf.env().set('DEBUG', false);
      tf.env().set('IS_TEST', true);
      warn.mockRestore();
    }
  });

  it('logSoftmax is a custom-gradient op that saves its output: not fixable by registration', () => {
    // tf.logSoftmax never runs the LogSoftmax kernel (its gradient saves the output inside a
    // customGrad), so its second order stays wrong; x − logSumExp(x) is right. Closed form for
    // L = c·logsoftmax(wx): g = w(c − S·y), S = Σc, dg/dw = (c − S·y) − w·S·y⊙(x − x̄).
    ensureSecondOrderGradients();
    const x = [0.7, -0.2, 1.1];
    const c = [1, -2, 0.5];
    const w = 1.3;
    const ez = x.map((v) => Math.exp(w * v));
    const y = ez.map((v) => v / ez.reduce((a, b) => a + b, 0));
    const s = c.reduce((a, b) => a + b, 0);
    const xBar = y.reduce((acc, v, i) => acc + v * (x[i] as number), 0);
    const g = c.map((ci, i) => w * (ci - s * (y[i] as number)));
    const dg = c.map(
      (ci, i) => ci - s * (y[i] as number) - w * s * (y[i] as number) * ((x[i] as number) - xBar),
    );
    const closed = 2 * g.reduce((acc, v, i) => acc + v * (dg[i] as number), 0);
    const run = (logSoftmax: (u: tf.Tensor) => tf.Tensor) =>
      tf.tidy(() => {
        const inner = (wv: tf.Tensor) =>
          tf.sum(
            tf.square(
              tf.grad((xv: tf.Tensor) => tf.sum(tf.mul(c, logSoftmax(tf.mul(wv, xv)))))(
                tf.tensor1d(x),
              ),
            ),
          );
        return tf.grad(inner)(tf.scalar(w)).dataSync()[0] as number;
      });
    expect(run((u) => tf.sub(u, tf.logSumExp(u, -1, true)))).toBeCloseTo(closed, 4);
    expect(Math.abs(run((u) => tf.logSoftmax(u)) - closed)).toBeGreaterThan(0.1);
  });
});
