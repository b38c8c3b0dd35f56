import { optimalDiscriminator } from '@gantry/core';
import { getLoss, LOSS_NAMES } from '@gantry/losses';
import { describe, expect, it } from 'vitest';
import { optimalOutputFor } from './optimalOutput';

const pData = [0.5, 0.3, 0.2, 0, 0];
const pG = [0, 0.2, 0.3, 0.5, 0];

describe('optimalOutputFor', () => {
  it("is Goodfellow's D* for the log losses, scaled by 1 − ε with label smoothing", () => {
    const dStar = optimalDiscriminator(pData, pG);
    expect(optimalOutputFor(getLoss('minimax'), pData, pG)?.values).toEqual(dStar);
    expect(optimalOutputFor(getLoss('non-saturating'), pData, pG)?.values).toEqual(dStar);
    const smooth = optimalOutputFor(getLoss('non-saturating', { labelSmoothing: 0.1 }), pData, pG);
    expect(smooth?.values[0]).toBeCloseTo(0.9, 12);
    expect(smooth?.formula).toContain('(1 − 0.1)');
    expect(dStar).toEqual([1, 0.6, 0.4, 0, 0.5]);
  });

  it('is (b·p_data + a·p_g)/(p_data + p_g) for least squares', () => {
    expect(optimalOutputFor(getLoss('lsgan'), pData, pG)?.values).toEqual(
      optimalDiscriminator(pData, pG),
    );
    const chi2 = optimalOutputFor(getLoss('lsgan-chi2'), pData, pG);
    // (p_data − p_g)/(p_data + p_g); the empty point gets (a + b)/2 = 0.
    expect(chi2?.values.map((v) => Number(v.toFixed(12)))).toEqual([1, 0.2, -0.2, -1, 0]);
    const custom = optimalOutputFor(getLoss('least-squares', { a: 2, b: 5, c: 4 }), pData, pG);
    expect(custom?.values[1]).toBeCloseTo((5 * 0.3 + 2 * 0.2) / 0.5, 12);
    expect(custom?.formula).toContain('(a, b) = (2, 5)');
  });

  it('is least squares’ optimum for the regularised LSGAN, whatever λ (its λ term is on G)', () => {
    const lsgan = optimalOutputFor(getLoss('lsgan'), pData, pG)?.values;
    for (const lambda of [0, 0.25, 1, 4]) {
      const loss = getLoss('regularized-least-squares', { lambda });
      expect(optimalOutputFor(loss, pData, pG)?.values).toEqual(lsgan);
    }
  });

  it('is sign(p_data − p_g) for hinge', () => {
    expect(optimalOutputFor(getLoss('hinge'), pData, pG)?.values).toEqual([1, 1, -1, -1, 0]);
  });

  it('is null where no pointwise optimum exists, and defined for every other loss', () => {
    const none = LOSS_NAMES.filter((n) => optimalOutputFor(getLoss(n), pData, pG) === null);
    expect(none).toEqual(['wasserstein', 'wasserstein-gp', 'relativistic-average']);
  });

  it('is ½ everywhere at p_g = p_data for the log losses', () => {
    const p = [0.1, 0.6, 0.3];
    expect(optimalOutputFor(getLoss('minimax'), p, p)?.values).toEqual([0.5, 0.5, 0.5]);
  });
});
