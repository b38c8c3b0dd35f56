import {
  createRng,
  jsDivergence,
  optimalDiscriminator,
  pearsonChi2,
  totalVariation,
  virtualTrainingCriterion,
} from '@gantry/core';
import { expectClose, useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipWeights } from './penalties';
import { getLoss } from './registry';
import type { GanLoss } from './types';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * A discrete p_data and p_g on n points with rational masses kᵢ/K, and index batches that
 * repeat point i kᵢ times: the batch mean of any per-sample term over such a batch is exactly
 * its expectation, so a loss called on D's outputs over these batches is the population loss
 * (batch means, as in the regularised LSGAN and RaGAN, become population means).
 */
function population(seed: number, n: number, same = false) {
  const rng = createRng(seed);
  const dataCounts = Array.from({ length: n }, () => rng.integer(1, 12));
  const gCounts = same ? dataCounts : Array.from({ length: n }, () => rng.integer(1, 12));
  const spread = (counts: number[]) => counts.flatMap((k, i) => Array<number>(k).fill(i));
  const pData = dataCounts.map((k) => k / sum(dataCounts));
  const pG = gCounts.map((k) => k / sum(gCounts));
  return { n, pData, pG, realIdx: spread(dataCounts), fakeIdx: spread(gCounts) };
}
type Population = ReturnType<typeof population>;

/** D's outputs on the real and fake population batches, for one free value per point. */
function outputs(d: tf.Tensor, pop: Population): [tf.Tensor, tf.Tensor] {
  return [
    tf.gather(d, tf.tensor1d(pop.realIdx, 'int32')),
    tf.gather(d, tf.tensor1d(pop.fakeIdx, 'int32')),
  ];
}

function dLossAt(loss: GanLoss, pop: Population, d: number[]): number {
  return tf.tidy(
    () => loss.discriminatorLoss(...outputs(tf.tensor1d(d), pop)).dataSync()[0] as number,
  );
}

/**
 * Minimises the population D loss over a free D (one value per point) by Adam through each
 * [learning rate, steps] phase of `schedule` in turn; `afterStep` can project (e.g. clip).
 */
function minimiseFreeD(
  loss: GanLoss,
  pop: Population,
  { schedule, afterStep }: { schedule: [number, number][]; afterStep?: (d: tf.Variable) => void },
): number[] {
  const d = tf.variable(tf.zeros([pop.n]));
  for (const [lr, steps] of schedule) {
    const opt = tf.train.adam(lr);
    for (let s = 0; s < steps; s++) {
      opt.minimize(() => loss.discriminatorLoss(...outputs(d, pop)), false, [d]);
      afterStep?.(d);
    }
    opt.dispose();
  }
  const out = Array.from(d.dataSync());
  d.dispose();
  return out;
}

describe('optimal discriminators: minimising each D loss over a free D', () => {
  beforeAll(useCpuBackend);
  const pop = population(31, 7);
  const { pData, pG } = pop;

  it('uses distributions where p_data and p_g differ at every point', () => {
    expect(sum(pData)).toBeCloseTo(1, 12);
    expect(sum(pG)).toBeCloseTo(1, 12);
    for (let i = 0; i < pop.n; i++) expect(pData[i]).not.toBe(pG[i]);
  });

  it('minimax / non-saturating: σ(D*) = p_data/(p_data + p_g) and −loss = C(G) = −log 4 + 2·JSD', () => {
    const loss = getLoss('minimax');
    const logits = minimiseFreeD(loss, pop, { schedule: [[0.1, 600]] });
    expectClose(logits.map(sig), optimalDiscriminator(pData, pG), { rtol: 0, atol: 1e-3 });
    const criterion = -dLossAt(loss, pop, logits);
    expect(Math.abs(criterion - virtualTrainingCriterion(pData, pG))).toBeLessThan(1e-3);
    expect(Math.abs(criterion - (-Math.log(4) + 2 * jsDivergence(pData, pG)))).toBeLessThan(1e-3);
    // The non-saturating game shares the D loss, hence the optimum.
    expect(dLossAt(getLoss('non-saturating'), pop, logits)).toBeCloseTo(-criterion, 6);
  });

  it('one-sided label smoothing ε moves the optimum to (1 − ε)·p_data/(p_data + p_g)', () => {
    const eps = 0.2;
    const logits = minimiseFreeD(getLoss('minimax', { labelSmoothing: eps }), pop, {
      schedule: [[0.1, 600]],
    });
    expectClose(
      logits.map(sig),
      pData.map((p, i) => ((1 - eps) * p) / (p + (pG[i] as number))),
      { rtol: 0, atol: 1e-3 },
    );
  });

  it.each([
    ['lsgan', {}, 0, 1],
    ['lsgan-chi2', {}, -1, 1],
    ['least-squares', { a: -2, b: 3, c: 0.5 }, -2, 3],
  ] as const)('%s %o: D* = (b·p_data + a·p_g)/(p_data + p_g)', (name, options, a, b) => {
    const d = minimiseFreeD(getLoss(name, options), pop, { schedule: [[0.05, 500]] });
    expectClose(
      d,
      pData.map((p, i) => (b * p + a * (pG[i] as number)) / (p + (pG[i] as number))),
      { rtol: 0, atol: 1e-3 },
    );
  });

  it('lsgan-chi2: at D*, G’s objective is ½χ²_Pearson(p_data + p_g ‖ 2p_g) = pearsonChi2(p_g, m)', () => {
    const loss = getLoss('lsgan-chi2');
    const d = minimiseFreeD(loss, pop, { schedule: [[0.05, 500]] });
    // Mao et al.'s V(G) = ½E_{p_data}(D* − c)² + ½E_{p_g}(D* − c)²: G's own loss on each batch.
    const v = tf.tidy(() => {
      const [real, fake] = outputs(tf.tensor1d(d), pop);
      return (
        (loss.generatorLoss(real).dataSync()[0] as number) +
        (loss.generatorLoss(fake).dataSync()[0] as number)
      );
    });
    const m = pData.map((p, i) => (p + (pG[i] as number)) / 2);
    expect(Math.abs(v - pearsonChi2(pG, m))).toBeLessThan(1e-3);
    // The same number in Mao's notation: ½Σ (2p_g − (p_data + p_g))²/(p_data + p_g).
    const mao = sum(
      pData.map(
        (p, i) => (2 * (pG[i] as number) - p - (pG[i] as number)) ** 2 / (p + (pG[i] as number)),
      ),
    );
    expect(Math.abs(v - mao / 2)).toBeLessThan(1e-3);
    // And it is a divergence only for these codes: lsgan's (0, 1, 1) gives ½Σ p_g²/(p_data + p_g).
    const lsgan = getLoss('lsgan');
    const d01 = minimiseFreeD(lsgan, pop, { schedule: [[0.05, 500]] });
    const v01 = tf.tidy(() => {
      const [real, fake] = outputs(tf.tensor1d(d01), pop);
      return (
        (lsgan.generatorLoss(real).dataSync()[0] as number) +
        (lsgan.generatorLoss(fake).dataSync()[0] as number)
      );
    });
    const closed01 = 0.5 * sum(pG.map((q, i) => q ** 2 / ((pData[i] as number) + q)));
    expect(Math.abs(v01 - closed01)).toBeLessThan(1e-3);
  });

  it.each([
    [0.25, 0, 1],
    [2, -1, 1],
  ])(
    'regularized-least-squares λ = %d, (a, b) = (%d, %d): D* is least squares’ own, whatever λ',
    (lambda, a, b) => {
      // The λ term is on G's side (the slides' V_LSGAN'(G)), so D's optimum is (b·p_data +
      // a·p_g)/(p_data + p_g) and its mean gap E_g D* − E_data D* = −(b − a)K/2 with
      // K = Σ (p_data − p_g)²/(p_data + p_g).
      const d = minimiseFreeD(getLoss('regularized-least-squares', { lambda, a, b }), pop, {
        schedule: [[0.05, 500]],
      });
      const expected = pData.map((p, i) => {
        const q = pG[i] as number;
        return (b * p + a * q) / (p + q);
      });
      expectClose(d, expected, { rtol: 0, atol: 1e-3 });
      const k = sum(pData.map((p, i) => (p - (pG[i] as number)) ** 2 / (p + (pG[i] as number))));
      const gap = sum(d.map((x, i) => x * ((pG[i] as number) - (pData[i] as number))));
      expect(gap).toBeCloseTo((-(b - a) * k) / 2, 3);
    },
  );

  it('hinge: D* = sign(p_data − p_g), and the minimum is 2(1 − TV(p_data, p_g))', () => {
    const loss = getLoss('hinge');
    // Piecewise linear: Adam settles a few step sizes off the kink at ±1 (the slopes on either
    // side differ), so the rate falls tenfold per phase, each phase starting a fresh Adam.
    const d = minimiseFreeD(loss, pop, {
      schedule: [
        [0.02, 300],
        [2e-3, 100],
        [2e-4, 100],
        [2e-5, 100],
      ],
    });
    expectClose(
      d,
      pData.map((p, i) => Math.sign(p - (pG[i] as number))),
      { rtol: 0, atol: 1e-3 },
    );
    expect(Math.abs(dLossAt(loss, pop, d) - 2 * (1 - totalVariation(pData, pG)))).toBeLessThan(
      1e-3,
    );
  });

  it('wasserstein with clipping to [−c, c]: D* = c·sign(p_data − p_g), −loss = 2c·TV', () => {
    const c = 0.01;
    const loss = getLoss('wasserstein', { clip: c });
    const d = minimiseFreeD(loss, pop, {
      schedule: [[1e-3, 60]],
      afterStep: (v) => clipWeights([v], loss.regularizers.weightClip?.c as number),
    });
    expectClose(
      d,
      pData.map((p, i) => c * Math.sign(p - (pG[i] as number))),
      { rtol: 0, atol: 1e-7 },
    );
    expect(-dLossAt(loss, pop, d)).toBeCloseTo(2 * c * totalVariation(pData, pG), 6);
  });

  it('relativistic-average: no pointwise optimum, but the fixed point and ordering hold', () => {
    const loss = getLoss('relativistic-average');
    const d = minimiseFreeD(loss, pop, {
      schedule: [
        [0.05, 800],
        [0.005, 200],
      ],
    });
    // Stationarity: p_data/p_g = (σ(D − m_d) + B)/(σ(m_g − D) + A), with m_d = E_{p_data} D,
    // m_g = E_{p_g} D, A = E_{p_g} σ(D − m_d), B = E_{p_data} σ(m_g − D).
    const mD = sum(d.map((x, i) => x * (pData[i] as number)));
    const mG = sum(d.map((x, i) => x * (pG[i] as number)));
    const A = sum(d.map((x, i) => sig(x - mD) * (pG[i] as number)));
    const B = sum(d.map((x, i) => sig(mG - x) * (pData[i] as number)));
    const ratio = d.map((x) => (sig(x - mD) + B) / (sig(mG - x) + A));
    expectClose(
      ratio,
      pData.map((p, i) => p / (pG[i] as number)),
      { rtol: 2e-3, atol: 1e-3 },
    );
    // D* ranks the points as p_data/p_g does (as the minimax D* does); equal ratios, equal D*.
    const r = pData.map((p, i) => p / (pG[i] as number));
    for (let i = 0; i < pop.n; i++) {
      for (let j = 0; j < pop.n; j++) {
        const [ri, rj, di, dj] = [r[i], r[j], d[i], d[j]] as [number, number, number, number];
        if (Math.abs(ri - rj) < 1e-12) expect(Math.abs(di - dj)).toBeLessThan(1e-3);
        else if (ri < rj) expect(di).toBeLessThan(dj);
      }
    }
  });

  it('relativistic-average at p_g = p_data: D* is constant and the minimum is 2·log 2', () => {
    const same = population(7, 5, true);
    const loss = getLoss('relativistic-average');
    // Start away from a constant: the descent must flatten D.
    const d = tf.variable(tf.tensor1d([1, -2, 0.5, 3, -1]));
    const opt = tf.train.adam(0.05);
    for (let s = 0; s < 600; s++)
      opt.minimize(() => loss.discriminatorLoss(...outputs(d, same)), false, [d]);
    const values = Array.from(d.dataSync());
    tf.dispose([d]);
    opt.dispose();
    expect(Math.max(...values) - Math.min(...values)).toBeLessThan(1e-3);
    expect(Math.abs(dLossAt(loss, same, values) - 2 * Math.LN2)).toBeLessThan(1e-6);
  });
});
