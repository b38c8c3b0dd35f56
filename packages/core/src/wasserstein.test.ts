import { describe, expect, it } from 'vitest';
import { isGantryError } from './errors';
import { createRng } from './rng';
import { slicedWasserstein, wasserstein1d } from './wasserstein';

describe('wasserstein1d', () => {
  it('matches closed forms, including unequal sizes', () => {
    expect(wasserstein1d([0, 1], [2, 3, 4])).toBeCloseTo(2.5, 12);
    expect(wasserstein1d([0], [0, 1])).toBeCloseTo(0.5, 12);
    expect(wasserstein1d([1, 2, 3], [3, 2, 1])).toBe(0);
    expect(wasserstein1d([0, 0, 1], [0, 1])).toBeCloseTo(1 / 6, 12);
  });

  it('equals the mean absolute difference of sorted samples for equal sizes', () => {
    const rng = createRng(4);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.int(100);
      const a = Array.from({ length: n }, () => rng.normal());
      const b = Array.from({ length: n }, () => rng.normal(1, 2));
      const sa = [...a].sort((x, y) => x - y);
      const sb = [...b].sort((x, y) => x - y);
      const brute = sa.reduce((acc, x, i) => acc + Math.abs(x - (sb[i] as number)), 0) / n;
      expect(wasserstein1d(a, b)).toBeCloseTo(brute, 10);
    }
  });

  it('is |c| for a shift by c and symmetric', () => {
    const rng = createRng(8);
    const a = Array.from({ length: 37 }, () => rng.uniform(-1, 1));
    expect(
      wasserstein1d(
        a,
        a.map((x) => x + 2.5),
      ),
    ).toBeCloseTo(2.5, 10);
    const b = Array.from({ length: 11 }, () => rng.normal());
    expect(wasserstein1d(a, b)).toBeCloseTo(wasserstein1d(b, a), 12);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => wasserstein1d([], [1])).toThrowError(/a is empty/);
    try {
      wasserstein1d([1], [2, Number.NaN]);
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_NOT_FINITE')).toBe(true);
      expect((e as Error).message).toMatch(/b\[1\]/);
    }
  });
});

describe('slicedWasserstein', () => {
  it('is 0 for identical clouds and ≈ 2|v|/π for a 2-D translation by v', () => {
    const rng = createRng(12);
    const a = Array.from({ length: 200 }, () => [rng.normal(), rng.normal()]);
    expect(slicedWasserstein(a, a, { rng })).toBeCloseTo(0, 12);
    const v = [3, 4];
    const b = a.map(([x, y]) => [(x as number) + 3, (y as number) + 4]);
    const sw = slicedWasserstein(a, b, { projections: 4000, rng });
    expect(sw).toBeCloseTo((2 * 5) / Math.PI, 1);
    expect(v).toHaveLength(2);
  });

  it('is reproducible with a seeded rng and rejects mismatched dimensions', () => {
    const a = [
      [0, 0, 0],
      [1, 2, 3],
    ];
    const b = [[1, 1, 1]];
    expect(slicedWasserstein(a, b, { rng: createRng(1) })).toBe(
      slicedWasserstein(a, b, { rng: createRng(1) }),
    );
    expect(() => slicedWasserstein(a, [[1, 1]], { rng: createRng(1) })).toThrowError(
      /3 dimensions but points of b have 2/,
    );
    expect(() => slicedWasserstein([[0, 0], [1]], b, { rng: createRng(1) })).toThrowError(
      /a\[1\] has 1/,
    );
  });
});
