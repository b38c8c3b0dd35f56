import { createRng, GLOBAL_MINIMUM_C, gaussianPdf, theoryTable } from '@gantry/core';
import { gaussian1d } from '@gantry/datasets';
import { describe, expect, it } from 'vitest';
import { figure1Theory, grid1d, withOutsideBin } from './figure1';
import { densityCellMasses, kdeCellMasses, silvermanBandwidth } from './kde';

describe('withOutsideBin', () => {
  it('adds the missing mass as a last bin', () => {
    expect(withOutsideBin([0.25, 0.5])).toEqual([0.25, 0.5, 0.25]);
    expect(withOutsideBin([0.5, -1e-12, 0.5])).toEqual([0.5, 0, 0.5, 0]);
    const over = withOutsideBin([0.6, 0.5]);
    expect(over[0]).toBeCloseTo(0.6 / 1.1, 12);
    expect(over[2]).toBe(0);
  });
});

describe('grid1d', () => {
  it('has equal cells with centres between the edges', () => {
    const g = grid1d(-1, 1, 4);
    expect(g.edges).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(g.centres).toEqual([-0.75, -0.25, 0.25, 0.75]);
    expect(g.width).toBe(0.5);
  });
});

describe('figure1Theory', () => {
  it('gives JSD 0 and C(G) = −log 4 when p_g = p_data', () => {
    const t = figure1Theory([0.2, 0.3, 0.4], [0.2, 0.3, 0.4]);
    expect(t.jsd).toBe(0);
    expect(t.criterion).toBeCloseTo(GLOBAL_MINIMUM_C, 12);
    expect(t.outside.data).toBeCloseTo(0.1, 12);
  });

  it('gives JSD log 2 and C(G) = 0 for disjoint supports, even off the grid', () => {
    const t = figure1Theory([1, 0], [0, 0]); // all of p_g outside the grid
    expect(t.jsd).toBeCloseTo(Math.LN2, 12);
    expect(t.criterion).toBeCloseTo(0, 12);
    expect(t.outside.g).toBe(1);
  });

  it('agrees with core theoryTable for Gaussians on a fine grid', () => {
    // theoryTable's setting: p_data = N(2, 0.5²), p_g moving from N(−1, 1.5²).
    const rows = theoryTable({ steps: 5 });
    const g = grid1d(-13, 14, 4000);
    const data = densityCellMasses((x) => gaussianPdf(x, 2, 0.5), g.edges);
    for (const row of rows) {
      const gen = densityCellMasses((x) => gaussianPdf(x, row.meanG, row.stdG), g.edges);
      const t = figure1Theory(data, gen);
      expect(t.jsd).toBeCloseTo(row.jsd, 4);
      expect(t.criterion).toBeCloseTo(row.criterion, 4);
      expect(t.criterion).toBeCloseTo(GLOBAL_MINIMUM_C + 2 * t.jsd, 12);
    }
  });

  it('estimates a small JSD for a kernel estimate of samples from p_data itself', () => {
    const dist = gaussian1d();
    const samples = dist.sample(createRng(5), 2000);
    const g = grid1d(-1.5, 5.5, 240);
    const data = densityCellMasses((x) => dist.density?.([x]) ?? 0, g.edges);
    const gen = kdeCellMasses(samples, g.edges, silvermanBandwidth(samples, g.width));
    const t = figure1Theory(data, gen);
    expect(t.jsd).toBeLessThan(0.005);
    expect(t.jsd).toBeGreaterThan(0);
    // …and a large one for samples from N(0, 0.3²) (an untrained generator).
    const rng = createRng(6);
    const far = Float64Array.from({ length: 2000 }, () => 0.3 * rng.normal());
    const t2 = figure1Theory(data, kdeCellMasses(far, g.edges, silvermanBandwidth(far)));
    expect(t2.jsd).toBeGreaterThan(0.6);
  });

  it('rejects cell lists of different lengths', () => {
    expect(() => figure1Theory([1], [0.5, 0.5])).toThrow(/1 data cells but 2 generator cells/);
  });
});
