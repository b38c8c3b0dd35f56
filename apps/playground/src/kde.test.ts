import { createRng, linspace } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { densityCellMasses, erf, kdeCellMasses, normalCdf, silvermanBandwidth } from './kde';

describe('erf / normalCdf', () => {
  it('matches tabulated values to 1.5e-7', () => {
    // Abramowitz & Stegun, Table 7.1.
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.112462916],
      [0.5, 0.5204998778],
      [1, 0.8427007929],
      [1.5, 0.9661051465],
      [2, 0.995322265],
      [3, 0.9999779095],
    ];
    for (const [x, v] of table) {
      expect(Math.abs(erf(x) - v)).toBeLessThan(1.5e-7);
      expect(Math.abs(erf(-x) + v)).toBeLessThan(1.5e-7);
    }
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
});

describe('kdeCellMasses', () => {
  it('integrates each kernel exactly over each cell', () => {
    const edges = linspace(-10, 10, 21); // unit cells
    const m = kdeCellMasses([0], edges, 1);
    expect(m).toHaveLength(20);
    expect(m[10]).toBeCloseTo(normalCdf(1) - 0.5, 6); // [0, 1)
    expect(m[11]).toBeCloseTo(normalCdf(2) - normalCdf(1), 6); // [1, 2)
    expect(m[9]).toBeCloseTo(m[10] as number, 7); // symmetric, up to erf's 1.5e-7
    expect(m.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('averages over samples and leaves out the mass beyond the grid', () => {
    const m = kdeCellMasses([0, 4], [-1, 0, 1], 0.5);
    // Sample 0 puts Φ(2) − Φ(−2) inside; sample 4 puts Φ(−6) − Φ(−10) ≈ 1e-9 inside.
    const inside = m.reduce((a, b) => a + b, 0);
    expect(inside).toBeCloseTo((normalCdf(2) - normalCdf(-2)) / 2, 6);
  });

  it('approaches the sampled density as samples grow and h shrinks', () => {
    const rng = createRng(3);
    const samples = Float64Array.from({ length: 20000 }, () => rng.normal() * 0.5 + 2);
    const edges = linspace(0, 4, 41);
    const m = kdeCellMasses(samples, edges, silvermanBandwidth(samples));
    const exact = (a: number, b: number) => normalCdf((b - 2) / 0.5) - normalCdf((a - 2) / 0.5);
    for (let i = 0; i < 40; i++) {
      expect(
        Math.abs((m[i] as number) - exact(edges[i] as number, edges[i + 1] as number)),
      ).toBeLessThan(0.006);
    }
  });

  it('rejects a bandwidth that is not positive', () => {
    expect(() => kdeCellMasses([0], [0, 1], 0)).toThrow(/bandwidth must be positive, got 0/);
  });
});

describe('silvermanBandwidth', () => {
  it('is 0.9·σ·n^(−1/5) for normal samples, and the floor for equal ones', () => {
    const rng = createRng(1);
    const n = 5000;
    const samples = Float64Array.from({ length: n }, () => rng.normal() * 2);
    expect(silvermanBandwidth(samples) / (0.9 * 2 * n ** -0.2)).toBeCloseTo(1, 1);
    expect(silvermanBandwidth([1, 1, 1, 1], 0.05)).toBe(0.05);
    expect(silvermanBandwidth([1], 0.05)).toBe(0.05);
  });

  it('is not inflated by a few far outliers (IQR term)', () => {
    const rng = createRng(2);
    const samples = [
      ...Array.from({ length: 990 }, () => rng.normal()),
      ...new Array(10).fill(1000),
    ];
    expect(silvermanBandwidth(samples)).toBeLessThan(0.9 * 1.1 * 1000 ** -0.2);
  });
});

describe('densityCellMasses', () => {
  it("is exact for cubics (Simpson's rule)", () => {
    const m = densityCellMasses((x) => x ** 3 - x + 2, [0, 0.5, 2]);
    const F = (x: number) => x ** 4 / 4 - x ** 2 / 2 + 2 * x;
    expect(m[0]).toBeCloseTo(F(0.5) - F(0), 12);
    expect(m[1]).toBeCloseTo(F(2) - F(0.5), 12);
  });
});
