import { randomDistribution } from '@gantry/test-utils';
import { describe, expect, it } from 'vitest';
import { jsDivergence } from './divergences';
import { createRng } from './rng';
import {
  discretizeDensity,
  GLOBAL_MINIMUM_C,
  gaussianPdf,
  jsdFromCriterion,
  linspace,
  optimalDiscriminator,
  theoryTable,
  valueFunction,
  virtualTrainingCriterion,
} from './theory';

const LOG4 = Math.log(4);

describe('GAN theory (Goodfellow et al. 2014)', () => {
  it('D* = p_data / (p_data + p_g), ½ where both vanish', () => {
    expect(optimalDiscriminator([0.5, 0.5, 0], [0, 0.5, 0.5])).toEqual([1, 0.5, 0]);
    expect(optimalDiscriminator([0.5, 0, 0.5], [0.5, 0, 0.5])).toEqual([0.5, 0.5, 0.5]);
  });

  it('C(G) = −log 4 + 2·JSD to 1e-9 on many random distributions', () => {
    const rng = createRng(2014);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + rng.int(50);
      const p = randomDistribution(rng, n, 0.3);
      const q = randomDistribution(rng, n, 0.3);
      const c = virtualTrainingCriterion(p, q);
      expect(Math.abs(c - (-LOG4 + 2 * jsDivergence(p, q)))).toBeLessThan(1e-9);
      expect(Math.abs(jsdFromCriterion(c) - jsDivergence(q, p))).toBeLessThan(1e-9);
      expect(c).toBeGreaterThanOrEqual(-LOG4 - 1e-12);
    }
  });

  it('C(G) = −log 4 + 2·JSD on two Gaussians discretised on a fine grid', () => {
    const grid = linspace(-10, 10, 20001);
    for (const [mu, sigma] of [
      [0, 1],
      [0.5, 1],
      [3, 0.4],
      [-6, 2],
    ] as const) {
      const pData = discretizeDensity((x) => gaussianPdf(x, 0, 1), grid);
      const pG = discretizeDensity((x) => gaussianPdf(x, mu, sigma), grid);
      const c = virtualTrainingCriterion(pData, pG);
      expect(Math.abs(c - (-LOG4 + 2 * jsDivergence(pData, pG)))).toBeLessThan(1e-9);
    }
  });

  it('C(G) = −log 4 and D* ≡ ½ exactly when p_g = p_data', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 50; trial++) {
      const p = randomDistribution(rng, 1 + rng.int(40), 0.3);
      expect(optimalDiscriminator(p, p).every((d) => d === 0.5)).toBe(true);
      expect(Math.abs(virtualTrainingCriterion(p, p) - GLOBAL_MINIMUM_C)).toBeLessThan(1e-12);
      expect(jsDivergence(p, p)).toBe(0);
    }
  });

  it('JSD is log 2 for disjoint supports and C(G) = 0 there', () => {
    const p = [0.3, 0.7, 0, 0];
    const q = [0, 0, 0.4, 0.6];
    expect(jsDivergence(p, q)).toBe(Math.LN2);
    expect(virtualTrainingCriterion(p, q)).toBeCloseTo(0, 12);
  });

  it('D* maximises V(D, G): perturbing D at any point lowers V', () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + rng.int(15);
      const p = randomDistribution(rng, n);
      const q = randomDistribution(rng, n);
      const dStar = optimalDiscriminator(p, q);
      const best = valueFunction(p, q, dStar);
      for (let i = 0; i < n; i++) {
        for (const eps of [-1e-3, 1e-3, -0.1, 0.1]) {
          const d = [...dStar];
          d[i] = Math.min(1, Math.max(0, (d[i] as number) + eps));
          if (d[i] === dStar[i]) continue;
          expect(valueFunction(p, q, d)).toBeLessThan(best);
        }
      }
    }
  });

  it('rejects a discriminator output outside [0, 1]', () => {
    expect(() => valueFunction([1], [1], [1.5])).toThrowError(/d\[0\] is 1.5/);
  });

  it('theoryTable walks p_g onto p_data: JSD falls to 0, C(G) to −log 4, D* to ½', () => {
    const rows = theoryTable({ steps: 6 });
    expect(rows).toHaveLength(6);
    for (let i = 1; i < rows.length; i++) {
      expect((rows[i] as (typeof rows)[0]).jsd).toBeLessThan((rows[i - 1] as (typeof rows)[0]).jsd);
    }
    const first = rows[0]!;
    const last = rows.at(-1)!;
    expect(first.jsd).toBeGreaterThan(0.3);
    expect(first.meanDStarOnData).toBeGreaterThan(0.7);
    expect(first.meanDStarOnG).toBeLessThan(0.3);
    expect(last.jsd).toBeLessThan(1e-12);
    expect(last.criterion).toBeCloseTo(GLOBAL_MINIMUM_C, 10);
    expect(last.meanDStarOnData).toBeCloseTo(0.5, 10);
    expect(last.meanDStarOnG).toBeCloseTo(0.5, 10);
  });
});
