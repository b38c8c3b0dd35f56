import { randomDistribution } from '@gantry/test-utils';
import { describe, expect, it } from 'vitest';
import { jsDivergence, klDivergence, pearsonChi2, totalVariation } from './divergences';
import { isGantryError } from './errors';
import { createRng } from './rng';

describe('divergences', () => {
  it('match closed forms', () => {
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(
      0.5 * Math.log(2) + 0.5 * Math.log(2 / 3),
      15,
    );
    expect(pearsonChi2([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(
      0.25 ** 2 / 0.25 + 0.25 ** 2 / 0.75,
      15,
    );
    expect(totalVariation([0.2, 0.8], [0.6, 0.4])).toBeCloseTo(0.4, 15);
    // JSD of two Bernoulli: ½Σ p log(2p/(p+q)) + q log(2q/(p+q)).
    const p = [0.1, 0.9];
    const q = [0.7, 0.3];
    const m = [0.4, 0.6];
    const expected =
      0.5 * (0.1 * Math.log(0.1 / 0.4) + 0.9 * Math.log(0.9 / 0.6)) +
      0.5 * (0.7 * Math.log(0.7 / 0.4) + 0.3 * Math.log(0.3 / 0.6));
    expect(jsDivergence(p, q)).toBeCloseTo(expected, 15);
    expect(m).toHaveLength(2);
  });

  it('follow the 0·log 0 = 0 and q = 0 < p conventions', () => {
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.log(2), 15);
    expect(klDivergence([0.5, 0.5], [0, 1])).toBe(Number.POSITIVE_INFINITY);
    expect(pearsonChi2([0.5, 0.5], [0, 1])).toBe(Number.POSITIVE_INFINITY);
    expect(pearsonChi2([0, 1], [0, 1])).toBe(0);
    expect(jsDivergence([1, 0, 0], [0, 0.5, 0.5])).toBe(Math.LN2);
    expect(totalVariation([1, 0], [0, 1])).toBe(1);
  });

  it('are zero on equal inputs, JSD is symmetric and bounded by log 2', () => {
    const rng = createRng(17);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(30);
      const p = randomDistribution(rng, n, 0.2);
      const q = randomDistribution(rng, n, 0.2);
      expect(klDivergence(p, p)).toBeCloseTo(0, 12);
      expect(jsDivergence(p, p)).toBeCloseTo(0, 12);
      const js = jsDivergence(p, q);
      expect(js).toBeGreaterThanOrEqual(0);
      expect(js).toBeLessThanOrEqual(Math.LN2);
      expect(Math.abs(js - jsDivergence(q, p))).toBeLessThan(1e-12);
      // JSD ≤ TV·log 2 and KL ≥ 2·TV² (Pinsker).
      const tv = totalVariation(p, q);
      expect(js).toBeLessThanOrEqual(tv * Math.LN2 + 1e-12);
      expect(klDivergence(p, q)).toBeGreaterThanOrEqual(2 * tv * tv - 1e-12);
    }
  });

  it('reject bad input with a coded error naming argument and index', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => klDivergence([0.5, 0.5], [1]), 'E_LENGTH_MISMATCH', /p has 2 entries but q has 1/],
      [() => jsDivergence([0.5, 0.6, -0.1], [0.2, 0.3, 0.5]), 'E_NEGATIVE', /p\[2\] is -0.1/],
      [() => pearsonChi2([0.5, 0.5], [0.5, Number.NaN]), 'E_NOT_FINITE', /q\[1\] is NaN/],
      [() => totalVariation([0.5, 0.6], [0.5, 0.5]), 'E_NOT_NORMALISED', /p sums to 1.1/],
      [() => klDivergence([], []), 'E_EMPTY', /p is empty/],
    ];
    for (const [fn, code, message] of cases) {
      try {
        fn();
        expect.unreachable(`expected ${code}`);
      } catch (error) {
        expect(isGantryError(error, code), String(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    }
  });
});
