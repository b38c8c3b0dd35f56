import { createRng } from '@gantry/core';
import { ring2d } from '@gantry/datasets';
import { describe, expect, it } from 'vitest';
import { gridPoints2d, viewBounds } from './bounds';

describe('viewBounds', () => {
  it('holds every sample and the included interval, padded and square', () => {
    const b = viewBounds([0, 0, 4, 1, 2, -1], 2, { include: [-1, 1], pad: 0.25 });
    // x ∈ [−1, 4] (span 5), y ∈ [−1, 1]: both get span 5·1.5 = 7.5 around their middles.
    expect(b.lo[0]).toBeCloseTo(1.5 - 3.75, 12);
    expect(b.hi[0]).toBeCloseTo(1.5 + 3.75, 12);
    expect(b.lo[1]).toBeCloseTo(-3.75, 12);
    expect(b.hi[1]).toBeCloseTo(3.75, 12);
  });

  it('frames the ring around its radius', () => {
    const ring = ring2d();
    const b = viewBounds(ring.sample(createRng(1), 2000), 2, { pad: 0.1 });
    expect(b.hi[0]).toBeGreaterThan(2.3);
    expect(b.hi[0]).toBeLessThan(2.6);
    expect(b.lo[1]).toBeCloseTo(-(b.hi[1] as number), 1);
  });

  it('works in 1-D and skips non-finite values', () => {
    const b = viewBounds([2, 3, Number.NaN], 1, { include: [-1, 1], pad: 0 });
    expect(b).toEqual({ lo: [-1], hi: [3] });
  });
});

describe('gridPoints2d', () => {
  it('lists cell centres row by row from the top', () => {
    expect(Array.from(gridPoints2d({ lo: [0, 0], hi: [2, 2] }, 2))).toEqual([
      0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5,
    ]);
  });
});
