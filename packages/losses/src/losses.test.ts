import { isGantryError, measureTensorGrowth } from '@gantry/core';
import { expectClose, useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanDiscriminatorOutput } from './meanOutput';
import { getLoss, LOSS_NAMES, listLosses } from './registry';
import type { GanLoss } from './types';

// Float64 references, written from the formulas of the papers, not from the code.
const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const relu = (x: number) => Math.max(0, x);

type Closed = (real: number[], fake: number[]) => [d: number, g: number];

/** ½E(r − b)² + ½E(f − a)² and ½E(f − c)². */
const leastSquares =
  (a: number, b: number, c: number): Closed =>
  (r, f) => [
    0.5 * mean(r.map((x) => (x - b) ** 2)) + 0.5 * mean(f.map((x) => (x - a) ** 2)),
    0.5 * mean(f.map((x) => (x - c) ** 2)),
  ];

/** −E log σ(r) − E log(1 − σ(f)), with log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x). */
const logD = (r: number[], f: number[]) => mean(r.map((x) => sp(-x))) + mean(f.map(sp));

const CLOSED: Record<string, Closed> = {
  minimax: (r, f) => [logD(r, f), -mean(f.map(sp))],
  'non-saturating': (r, f) => [logD(r, f), mean(f.map((x) => sp(-x)))],
  'least-squares': leastSquares(0, 1, 1),
  lsgan: leastSquares(0, 1, 1),
  'lsgan-chi2': leastSquares(-1, 1, 0),
  wasserstein: (r, f) => [mean(f) - mean(r), -mean(f)],
  'wasserstein-gp': (r, f) => [mean(f) - mean(r), -mean(f)],
  // The slides' V_LSGAN'(G): the λ = ¼ mean-gap term is on G's side; D is plain least squares.
  'regularized-least-squares': (r, f) => {
    const [d, g] = leastSquares(0, 1, 1)(r, f);
    return [d, g + 0.25 * (mean(f) - mean(r)) ** 2];
  },
  hinge: (r, f) => [mean(r.map((x) => relu(1 - x))) + mean(f.map((x) => relu(1 + x))), -mean(f)],
  'relativistic-average': (r, f) => [
    mean(r.map((x) => sp(-(x - mean(f))))) + mean(f.map((x) => sp(x - mean(r)))),
    mean(f.map((x) => sp(-(x - mean(r))))) + mean(r.map((x) => sp(x - mean(f)))),
  ],
};

/** Central differences of a float64 closed form along each entry of `at`. */
function numericGrad(fn: (xs: number[]) => number, at: number[], h = 1e-4): number[] {
  return at.map((_, i) => {
    const up = at.map((x, j) => (j === i ? x + h : x));
    const down = at.map((x, j) => (j === i ? x - h : x));
    return (fn(up) - fn(down)) / (2 * h);
  });
}

function value(t: tf.Scalar): number {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
}

/** D and G losses and their gradients with respect to the outputs, at the given outputs. */
function evaluate(loss: GanLoss, real: number[], fake: number[]) {
  return tf.tidy(() => {
    const r = tf.tensor1d(real);
    const f = tf.tensor1d(fake);
    const d = loss.discriminatorLoss(r, f).dataSync()[0] as number;
    const g = loss.generatorLoss(f, { real: r }).dataSync()[0] as number;
    const [gdr, gdf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss.discriminatorLoss(a, b))([
      r,
      f,
    ]);
    const ggf = tf.grad((b: tf.Tensor) => loss.generatorLoss(b, { real: r }))(f);
    return {
      d,
      g,
      dReal: Array.from((gdr as tf.Tensor).dataSync()),
      dFake: Array.from((gdf as tf.Tensor).dataSync()),
      gFake: Array.from(ggf.dataSync()),
    };
  });
}

/** Checks values against the closed form and gradients against its central differences. */
function checkAgainstClosedForm(name: string, real: number[], fake: number[], atol: number) {
  const closed = CLOSED[name] as Closed;
  const r = evaluate(getLoss(name), real, fake);
  const [d, g] = closed(real, fake);
  expectClose([r.d, r.g], [d, g], { rtol: 1e-7, atol });
  const grad = { rtol: 1e-4, atol: 1e-5 };
  expectClose(
    r.dReal,
    numericGrad((x) => closed(x, fake)[0], real),
    grad,
  );
  expectClose(
    r.dFake,
    numericGrad((x) => closed(real, x)[0], fake),
    grad,
  );
  expectClose(
    r.gFake,
    numericGrad((x) => closed(real, x)[1], fake),
    grad,
  );
}

describe('GAN losses', () => {
  beforeAll(useCpuBackend);

  it('registers the losses of the study notes and today’s common ones', () => {
    expect(LOSS_NAMES).toEqual([
      'minimax',
      'non-saturating',
      'least-squares',
      'lsgan',
      'lsgan-chi2',
      'wasserstein',
      'wasserstein-gp',
      'regularized-least-squares',
      'hinge',
      'relativistic-average',
    ]);
    const listed = Object.fromEntries(listLosses().map((l) => [l.name, l]));
    expect(listed['wasserstein-gp']?.options).toEqual({ lambda: 10, r1Gamma: 0 });
    expect(listed.wasserstein?.options).toEqual({ clip: 0.01, r1Gamma: 0 });
    expect(listed['least-squares']?.options).toEqual({ a: 0, b: 1, c: 1, r1Gamma: 0 });
    expect(listed.minimax?.options).toEqual({ labelSmoothing: 0, r1Gamma: 0 });
    for (const l of listLosses()) expect(l.description.length).toBeGreaterThan(10);
  });

  it('says what each loss needs from the trainer', () => {
    expect(getLoss('wasserstein').regularizers).toEqual({ weightClip: { c: 0.01 } });
    expect(getLoss('wasserstein', { clip: 0.05 }).regularizers).toEqual({
      weightClip: { c: 0.05 },
    });
    expect(getLoss('wasserstein-gp').regularizers).toEqual({ gradientPenalty: { lambda: 10 } });
    expect(getLoss('hinge', { r1Gamma: 10 }).regularizers).toEqual({ r1: { gamma: 10 } });
    expect(getLoss('minimax').regularizers).toEqual({});
    expect(getLoss('wasserstein').recommendedOptimizer).toBe('rmsprop');
    expect(getLoss('wasserstein-gp').recommendedOptimizer).toBe('adam');
    const outputs = Object.fromEntries(LOSS_NAMES.map((n) => [n, getLoss(n).output]));
    expect(outputs).toMatchObject({
      minimax: 'logit',
      'non-saturating': 'logit',
      'relativistic-average': 'logit',
      lsgan: 'score',
      wasserstein: 'score',
      hinge: 'score',
    });
    expect(LOSS_NAMES.filter((n) => getLoss(n).generatorNeedsReal)).toEqual([
      'regularized-least-squares',
      'relativistic-average',
    ]);
  });

  it('presets are registry names with their own name and fixed codes', () => {
    const lsgan = getLoss('lsgan');
    expect(lsgan.name).toBe('lsgan');
    expect(lsgan.options).toMatchObject({ a: 0, b: 1, c: 1 });
    const chi2 = getLoss('lsgan-chi2', { r1Gamma: 1 });
    expect(chi2.name).toBe('lsgan-chi2');
    expect(chi2.options).toMatchObject({ a: -1, b: 1, c: 0, r1Gamma: 1 });
    expect(Object.isFrozen(chi2.options)).toBe(true);
    expect(Object.isFrozen(getLoss('hinge').options)).toBe(true);
    expect(getLoss('regularized-least-squares').options).toEqual({
      a: 0,
      b: 1,
      c: 1,
      lambda: 0.25,
      r1Gamma: 0,
    });
  });

  const REAL = [2.5, -0.3, 0.7, 4];
  const FAKE = [-1.2, 0.4, -3, 1.1];

  it.each(LOSS_NAMES)('%s equals its closed form to 1e-6 (values and gradients)', (name) => {
    checkAgainstClosedForm(name, REAL, FAKE, 1e-6);
  });

  it.each(LOSS_NAMES)('%s is finite and correct at logits ±1000, values and gradients', (name) => {
    // Every sign combination of ±1000 on both sides; float32 carries ~7 digits of 1000.
    checkAgainstClosedForm(name, [1000, -1000, 1000], [-1000, 1000, 1000], 1e-4);
  });

  it('the log losses give exact values and gradients at ±1000 where log σ would not', () => {
    // −log σ(−1000) = 1000 exactly; a naive log(sigmoid(x)) gives log 0 = −∞ in float32.
    const r = evaluate(getLoss('non-saturating'), [-1000], [1000]);
    expect(r.d).toBeCloseTo(2000, 3);
    expect(r.dReal[0]).toBeCloseTo(-1, 6);
    expect(r.dFake[0]).toBeCloseTo(1, 6);
    expect(r.g).toBeCloseTo(0, 6);
    const naive = tf.tidy(() => tf.log(tf.sigmoid(tf.scalar(-1000))).dataSync()[0]);
    expect(naive).toBe(Number.NEGATIVE_INFINITY);
  });

  it('least-squares honours its codes a, b, c', () => {
    checkLs(getLoss('least-squares', { a: -2, b: 3, c: 0.5 }), leastSquares(-2, 3, 0.5));
    checkLs(getLoss('lsgan-chi2'), leastSquares(-1, 1, 0));
    function checkLs(loss: GanLoss, closed: Closed) {
      const r = evaluate(loss, REAL, FAKE);
      expectClose([r.d, r.g], closed(REAL, FAKE), { rtol: 1e-6, atol: 1e-6 });
    }
  });

  it('regularized-least-squares adds λ(E f − E r)² to G only', () => {
    const r = evaluate(getLoss('regularized-least-squares', { lambda: 3, a: -1 }), REAL, FAKE);
    const [d, g] = leastSquares(-1, 1, 1)(REAL, FAKE);
    expectClose([r.d, r.g], [d, g + 3 * (mean(FAKE) - mean(REAL)) ** 2], {
      rtol: 1e-6,
      atol: 1e-6,
    });
  });

  it('label smoothing puts the real target at 1 − ε and leaves G alone', () => {
    const eps = 0.1;
    for (const name of ['minimax', 'non-saturating']) {
      const r = evaluate(getLoss(name, { labelSmoothing: eps }), REAL, FAKE);
      const expected = mean(REAL.map((x) => (1 - eps) * sp(-x) + eps * sp(x))) + mean(FAKE.map(sp));
      expect(Math.abs(r.d - expected)).toBeLessThan(1e-6);
      // ∂/∂r of the real term: (−(1 − ε)σ(−r) + εσ(r))/N = (σ(r) − (1 − ε))/N, zero at σ(r) = 1 − ε.
      expectClose(
        r.dReal,
        REAL.map((x) => (sig(x) - (1 - eps)) / REAL.length),
        { rtol: 1e-5, atol: 1e-7 },
      );
      expect(r.g).toBeCloseTo((CLOSED[name] as Closed)(REAL, FAKE)[1], 6);
    }
  });

  it('minimax saturates where D(G(z)) → 0; non-saturating does not (fake logit −10)', () => {
    const mm = evaluate(getLoss('minimax'), [0], [-10]);
    const ns = evaluate(getLoss('non-saturating'), [0], [-10]);
    // ∂/∂f log(1 − σ(f)) = −σ(f) ≈ −4.5e-5; ∂/∂f (−log σ(f)) = −σ(−f) ≈ −1.
    expect(Math.abs(mm.gFake[0] as number)).toBeLessThan(1e-4);
    expect(mm.gFake[0] as number).toBeCloseTo(-sig(-10), 8);
    expect(ns.gFake[0] as number).toBeCloseTo(-1, 4);
    expect(Math.abs(ns.gFake[0] as number) / Math.abs(mm.gFake[0] as number)).toBeGreaterThan(2e4);
  });

  it('accepts outputs of shape [N, 1] (a Dense(1) head) and [N] alike', () => {
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      const [a, b] = tf.tidy(() => {
        const r = tf.tensor1d(REAL);
        const f = tf.tensor1d(FAKE);
        const r2 = tf.reshape(r, [4, 1]);
        const f2 = tf.reshape(f, [4, 1]);
        return [
          [loss.discriminatorLoss(r, f), loss.generatorLoss(f, { real: r })].map(
            (t) => t.dataSync()[0],
          ),
          [loss.discriminatorLoss(r2, f), loss.generatorLoss(f2, { real: r2 })].map(
            (t) => t.dataSync()[0],
          ),
        ];
      });
      expect(b, name).toEqual(a);
    }
  });

  it('does not dispose its inputs and returns a scalar', () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor2d(FAKE, [4, 1]);
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      const d = loss.discriminatorLoss(real, fake);
      const g = loss.generatorLoss(fake, { real });
      expect(d.shape).toEqual([]);
      expect(g.shape).toEqual([]);
      tf.dispose([d, g]);
    }
    expect(real.isDisposed || fake.isDisposed).toBe(false);
    tf.dispose([real, fake]);
  });

  it('no tensor leak over 1,000 calls of each loss', async () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor2d(FAKE, [4, 1]);
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      const { growth } = await measureTensorGrowth(
        () => {
          tf.dispose([loss.discriminatorLoss(real, fake), loss.generatorLoss(fake, { real })]);
        },
        { iterations: 1000 },
      );
      expect(growth, name).toBe(0);
    }
    tf.dispose([real, fake]);
  });

  it('rejects unknown names, unknown or bad options, bad shapes and missing context', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [
        () => getLoss('wgan'),
        'E_UNKNOWN_LOSS',
        /unknown loss "wgan"; known: minimax, non-saturating, least-squares, lsgan, lsgan-chi2, wasserstein, wasserstein-gp, regularized-least-squares, hinge, relativistic-average$/,
      ],
      [
        () => getLoss('hinge', { margin: 2 }),
        'E_UNKNOWN_OPTION',
        /loss "hinge" has no option "margin"; known: r1Gamma/,
      ],
      [
        () => getLoss('lsgan', { a: -1 }),
        'E_UNKNOWN_OPTION',
        /loss "lsgan" has no option "a"; known: r1Gamma/,
      ],
      [
        () => getLoss('least-squares', { lambda: 1 }),
        'E_UNKNOWN_OPTION',
        /known: a, b, c, r1Gamma/,
      ],
      [() => getLoss('wasserstein', { clip: 0 }), 'E_BAD_OPTION', /option clip must be > 0, got 0/],
      [
        () => getLoss('wasserstein-gp', { lambda: Number.NaN }),
        'E_BAD_OPTION',
        /option lambda must be a finite number, got NaN/,
      ],
      [
        () => getLoss('minimax', { labelSmoothing: 0.7 }),
        'E_BAD_OPTION',
        /labelSmoothing must be in \[0, 0.5\), got 0.7/,
      ],
      [() => getLoss('hinge', { r1Gamma: -1 }), 'E_BAD_OPTION', /r1Gamma must be >= 0, got -1/],
      [
        () => value(getLoss('minimax').discriminatorLoss(tf.zeros([4, 2]), tf.zeros([4]))),
        'E_SHAPE',
        /minimax: real must be D's outputs of shape \[N\] or \[N, 1\] with N >= 1, got \[4, 2\]/,
      ],
      [
        () => value(getLoss('hinge').generatorLoss(tf.zeros([0]))),
        'E_SHAPE',
        /hinge: fake .* got \[0\]/,
      ],
      [
        () => value(getLoss('lsgan').discriminatorLoss(tf.zeros([4]), tf.zeros([2, 2, 1]))),
        'E_SHAPE',
        /lsgan: fake .* got \[2, 2, 1\]/,
      ],
      [
        () => value(getLoss('relativistic-average').generatorLoss(tf.zeros([4]))),
        'E_MISSING_CONTEXT',
        /relativistic-average: generatorLoss needs ctx\.real/,
      ],
      [
        () => value(getLoss('regularized-least-squares').generatorLoss(tf.zeros([4]))),
        'E_MISSING_CONTEXT',
        /regularized-least-squares: generatorLoss needs ctx\.real/,
      ],
    ];
    const before = tf.memory().numTensors;
    for (const [fn, code, message] of cases) {
      try {
        tf.tidy(() => {
          fn();
        });
        expect.unreachable(code);
      } catch (error) {
        expect(isGantryError(error, code), String(error)).toBe(true);
        expect((error as Error).name).toBe('LossError');
        expect((error as Error).message).toMatch(message);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('meanDiscriminatorOutput', () => {
  beforeAll(useCpuBackend);

  it('reads logits as probabilities and scores as they are', () => {
    const out = tf.tensor2d([0, 2, -2, 1000], [4, 1]);
    expect(value(meanDiscriminatorOutput(out, 'logit'))).toBeCloseTo(
      (0.5 + sig(2) + sig(-2) + 1) / 4,
      6,
    );
    expect(value(meanDiscriminatorOutput(out, 'score'))).toBeCloseTo(250, 4);
    expect(out.isDisposed).toBe(false);
    out.dispose();
  });
});
