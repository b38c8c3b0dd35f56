import {
  createRng,
  isGantryError,
  jsDivergence,
  measureTensorGrowth,
  pearsonChi2,
} from '@gantry/core';
import { expectClose, randomDistribution, useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLoss, LOSS_NAMES, listLosses } from './registry';
import type { GanLoss } from './types';

const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const relu = (x: number) => Math.max(0, x);

const REAL = [2.5, -0.3, 0.7, 4];
const FAKE = [-1.2, 0.4, -3, 1.1];

/** Closed forms in float64: [discriminator loss, generator loss] at REAL, FAKE. */
const CLOSED: Record<string, [number, number]> = {
  minimax: [mean(REAL.map((r) => sp(-r))) + mean(FAKE.map(sp)), -mean(FAKE.map(sp))],
  'non-saturating': [
    mean(REAL.map((r) => sp(-r))) + mean(FAKE.map(sp)),
    mean(FAKE.map((f) => sp(-f))),
  ],
  'least-squares': [
    0.5 * mean(REAL.map((r) => (r - 1) ** 2)) + 0.5 * mean(FAKE.map((f) => f ** 2)),
    0.5 * mean(FAKE.map((f) => (f - 1) ** 2)),
  ],
  lsgan: [
    0.5 * mean(REAL.map((r) => (r - 1) ** 2)) + 0.5 * mean(FAKE.map((f) => f ** 2)),
    0.5 * mean(FAKE.map((f) => (f - 1) ** 2)),
  ],
  'lsgan-chi2': [
    0.5 * mean(REAL.map((r) => (r - 1) ** 2)) + 0.5 * mean(FAKE.map((f) => (f + 1) ** 2)),
    0.5 * mean(FAKE.map((f) => f ** 2)),
  ],
  wasserstein: [mean(FAKE) - mean(REAL), -mean(FAKE)],
  'wasserstein-gp': [mean(FAKE) - mean(REAL), -mean(FAKE)],
  'regularized-least-squares': [
    0.5 * mean(REAL.map((r) => (r - 1) ** 2)) +
      0.5 * mean(FAKE.map((f) => f ** 2)) +
      (mean(FAKE) - mean(REAL)) ** 2,
    0.5 * mean(FAKE.map((f) => (f - 1) ** 2)),
  ],
  hinge: [mean(REAL.map((r) => relu(1 - r))) + mean(FAKE.map((f) => relu(1 + f))), -mean(FAKE)],
  'relativistic-average': [
    mean(REAL.map((r) => sp(-(r - mean(FAKE))))) + mean(FAKE.map((f) => sp(f - mean(REAL)))),
    mean(FAKE.map((f) => sp(-(f - mean(REAL))))) + mean(REAL.map((r) => sp(r - mean(FAKE)))),
  ],
};

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
    expect(listLosses().find((l) => l.name === 'wasserstein-gp')?.options).toEqual({
      lambda: 10,
      r1Gamma: 0,
    });
  });

  it.each(LOSS_NAMES)('%s equals its closed form to 1e-6', (name) => {
    const loss = getLoss(name);
    const [d, g] = CLOSED[name] as [number, number];
    const r = evaluate(loss, REAL, FAKE);
    expect(Math.abs(r.d - d)).toBeLessThan(1e-6);
    expect(Math.abs(r.g - g)).toBeLessThan(1e-6);
  });

  it('least-squares honours its codes a, b, c', () => {
    const loss = getLoss('least-squares', { a: -2, b: 3, c: 0.5 });
    const r = evaluate(loss, REAL, FAKE);
    const d = 0.5 * mean(REAL.map((x) => (x - 3) ** 2)) + 0.5 * mean(FAKE.map((x) => (x + 2) ** 2));
    expect(Math.abs(r.d - d)).toBeLessThan(1e-5);
    expect(Math.abs(r.g - 0.5 * mean(FAKE.map((x) => (x - 0.5) ** 2)))).toBeLessThan(1e-6);
  });

  it('label smoothing puts the real target at 1 − ε', () => {
    const eps = 0.1;
    const loss = getLoss('non-saturating', { labelSmoothing: eps });
    const expected = mean(REAL.map((x) => (1 - eps) * sp(-x) + eps * sp(x))) + mean(FAKE.map(sp));
    expect(Math.abs(evaluate(loss, REAL, FAKE).d - expected)).toBeLessThan(1e-6);
  });

  it('minimax saturates where D(G(z)) → 0; non-saturating does not (fake logit −10)', () => {
    const mm = evaluate(getLoss('minimax'), [0], [-10]);
    const ns = evaluate(getLoss('non-saturating'), [0], [-10]);
    expect(Math.abs(mm.gFake[0] as number)).toBeLessThan(1e-4);
    expect(Math.abs(mm.gFake[0] as number)).toBeCloseTo(sig(-10), 8);
    expect(ns.gFake[0] as number).toBeCloseTo(-1, 4);
  });

  it.each(LOSS_NAMES)('%s is finite and correct at logits ±1000, values and gradients', (name) => {
    const loss = getLoss(name);
    const real = [1000, -1000];
    const fake = [-1000, 1000];
    const r = evaluate(loss, real, fake);
    for (const v of [r.d, r.g, ...r.dReal, ...r.dFake, ...r.gFake])
      expect(Number.isFinite(v)).toBe(true);
    const [d, g] = (() => {
      switch (name) {
        case 'minimax':
          return [
            (sp(-1000) + sp(1000)) / 2 + (sp(-1000) + sp(1000)) / 2,
            -(sp(-1000) + sp(1000)) / 2,
          ];
        case 'non-saturating':
          return [1000, (sp(1000) + sp(-1000)) / 2];
        default:
          return CLOSED_AT_1000(name, real, fake);
      }
    })();
    expectClose([r.d, r.g], [d, g], { rtol: 1e-6, atol: 1e-4 });
    if (name === 'minimax' || name === 'non-saturating') {
      // ∂/∂r softplus(−r)/2 = −σ(−r)/2; ∂/∂f softplus(f)/2 = σ(f)/2.
      expectClose(
        r.dReal,
        real.map((x) => -sig(-x) / 2),
      );
      expectClose(
        r.dFake,
        fake.map((x) => sig(x) / 2),
      );
    }
  });

  it('optimal discriminators: minimising each D loss over a free D recovers the known optimum', () => {
    const rng = createRng(31);
    const n = 6;
    const pData = randomDistribution(rng, n);
    const pG = randomDistribution(rng, n);
    /** Minimises Σᵢ p_data(i)·ℓ_real(dᵢ) + p_g(i)·ℓ_fake(dᵢ) over free outputs d by gradient descent. */
    const optimise = (loss: GanLoss, steps: number, opt: tf.Optimizer): number[] => {
      const d = tf.variable(tf.zeros([n]));
      const pd = tf.tensor1d(pData);
      const pg = tf.tensor1d(pG);
      for (let s = 0; s < steps; s++) {
        opt.minimize(() =>
          tf.tidy(() => {
            // Each point's contribution, weighted by its probability: E over p = Σ p(i)·ℓ(d(i)),
            // obtained from the batch-mean losses by feeding one point at a time.
            let total = tf.scalar(0);
            for (let i = 0; i < n; i++) {
              const di = tf.slice(d, [i], [1]);
              const realPart = tf.mul(
                loss.discriminatorLoss(di, tf.fill([1], farFake(loss))),
                tf.slice(pd, [i], [1]),
              );
              const fakePart = tf.mul(
                loss.discriminatorLoss(tf.fill([1], farReal(loss)), di),
                tf.slice(pg, [i], [1]),
              );
              total = tf.add(total, tf.add(realPart, fakePart)) as tf.Scalar;
            }
            return tf.sum(total) as tf.Scalar;
          }),
        );
      }
      const out = Array.from(d.dataSync());
      tf.dispose([d, pd, pg]);
      opt.dispose();
      return out;
    };
    // Minimax: logits → D = σ(logit) = p_data / (p_data + p_g).
    const logits = optimise(getLoss('minimax'), 1500, tf.train.adam(0.05));
    const dStar = pData.map((p, i) => p / (p + (pG[i] as number)));
    expectClose(logits.map(sig), dStar, { rtol: 0, atol: 1e-3 });
    // And −loss at that D is C(G) = −log 4 + 2·JSD.
    const v = pData.reduce(
      (acc, p, i) =>
        acc +
        p * Math.log(sig(logits[i] as number)) +
        (pG[i] as number) * Math.log(1 - sig(logits[i] as number)),
      0,
    );
    expect(Math.abs(v - (-Math.log(4) + 2 * jsDivergence(pData, pG)))).toBeLessThan(1e-3);
    // Least squares with codes (a, b) = (−1, 1): D* = (b·p_data + a·p_g)/(p_data + p_g).
    const ls = optimise(getLoss('least-squares', { a: -1, b: 1, c: 0 }), 1000, tf.train.adam(0.02));
    expectClose(
      ls,
      pData.map((p, i) => (p - (pG[i] as number)) / (p + (pG[i] as number))),
      { rtol: 0, atol: 1e-3 },
    );
    // At that optimum the G objective with c = 0 equals χ²(p_g ‖ (p_data + p_g)/2) (Mao et al.).
    const objective = pData.reduce(
      (acc, p, i) => acc + 0.5 * (p + (pG[i] as number)) * (ls[i] as number) ** 2,
      0,
    );
    const mix = pData.map((p, i) => (p + (pG[i] as number)) / 2);
    expect(Math.abs(objective - pearsonChi2(pG, mix))).toBeLessThan(1e-3);
    // Hinge: D* = sign(p_data − p_g), up to the oscillation of the steps around the kink at ±1.
    const hinge = optimise(getLoss('hinge'), 400, tf.train.adam(0.01));
    hinge.forEach((h, i) =>
      expect(Math.abs(h - Math.sign((pData[i] as number) - (pG[i] as number)))).toBeLessThan(
        0.05 + 1e-6,
      ),
    );
  });

  it('no tensor leak over 1,000 calls of each loss', async () => {
    const real = tf.tensor1d(REAL);
    const fake = tf.tensor1d(FAKE);
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

  it('rejects unknown names, unknown or bad options and badly shaped outputs', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [
        () => getLoss('wgan'),
        'E_UNKNOWN_LOSS',
        /unknown loss "wgan"; known: minimax, non-saturating, least-squares/,
      ],
      [
        () => getLoss('hinge', { margin: 2 }),
        'E_UNKNOWN_OPTION',
        /loss "hinge" has no option "margin"; known: r1Gamma/,
      ],
      [() => getLoss('wasserstein', { clip: 0 }), 'E_BAD_OPTION', /option clip must be > 0, got 0/],
      [
        () => getLoss('minimax', { labelSmoothing: 0.7 }),
        'E_BAD_OPTION',
        /labelSmoothing must be in \[0, 0.5\)/,
      ],
      [
        () => value(getLoss('minimax').discriminatorLoss(tf.zeros([4, 2]), tf.zeros([4]))),
        'E_SHAPE',
        /real must be D's outputs of shape \[N\] or \[N, 1\] with N >= 1, got \[4, 2\]/,
      ],
      [
        () => value(getLoss('relativistic-average').generatorLoss(tf.zeros([4]))),
        'E_SHAPE',
        /needs ctx\.real/,
      ],
    ];
    for (const [fn, code, message] of cases) {
      try {
        fn();
        expect.unreachable(code);
      } catch (error) {
        expect(isGantryError(error, code), String(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    }
  });
});

/** A fake logit/score so extreme that its term of the D loss is ≈ 0 and gradient-free. */
function farFake(loss: GanLoss): number {
  return loss.output === 'logit'
    ? -1e4
    : loss.name === 'hinge'
      ? -1e4
      : (loss.options['a'] as number);
}
function farReal(loss: GanLoss): number {
  return loss.output === 'logit'
    ? 1e4
    : loss.name === 'hinge'
      ? 1e4
      : (loss.options['b'] as number);
}

/** Closed forms in float64 at large outputs for the score losses and RaGAN. */
function CLOSED_AT_1000(name: string, real: number[], fake: number[]): [number, number] {
  const m = (xs: number[]) => mean(xs);
  switch (name) {
    case 'least-squares':
    case 'lsgan':
      return [
        0.5 * m(real.map((r) => (r - 1) ** 2)) + 0.5 * m(fake.map((f) => f ** 2)),
        0.5 * m(fake.map((f) => (f - 1) ** 2)),
      ];
    case 'lsgan-chi2':
      return [
        0.5 * m(real.map((r) => (r - 1) ** 2)) + 0.5 * m(fake.map((f) => (f + 1) ** 2)),
        0.5 * m(fake.map((f) => f ** 2)),
      ];
    case 'regularized-least-squares':
      return [
        0.5 * m(real.map((r) => (r - 1) ** 2)) +
          0.5 * m(fake.map((f) => f ** 2)) +
          (m(fake) - m(real)) ** 2,
        0.5 * m(fake.map((f) => (f - 1) ** 2)),
      ];
    case 'wasserstein':
    case 'wasserstein-gp':
      return [m(fake) - m(real), -m(fake)];
    case 'hinge':
      return [m(real.map((r) => relu(1 - r))) + m(fake.map((f) => relu(1 + f))), -m(fake)];
    case 'relativistic-average':
      return [
        m(real.map((r) => sp(-(r - m(fake))))) + m(fake.map((f) => sp(f - m(real)))),
        m(fake.map((f) => sp(-(f - m(real))))) + m(real.map((r) => sp(r - m(fake)))),
      ];
    default:
      throw new Error(`no closed form for ${name}`);
  }
}
