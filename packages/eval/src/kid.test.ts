import { createRng, type Rng } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { expectMetricError } from './__tests__/expectMetricError';
import type { FeatureMatrix } from './featureMatrix';
import { KID_DEFAULT_SEED, kernelInceptionDistance, mmd2Unbiased } from './kid';

function gaussian(rng: Rng, n: number, d: number, mean = 0): FeatureMatrix {
  return { data: rng.fillNormal(new Float64Array(n * d), mean, 1), n, d };
}

/** MMD²ᵤ from the three full kernel matrices (a differently organised computation). */
function bruteForceMmd2(a: FeatureMatrix, b: FeatureMatrix): number {
  const d = a.d;
  const k = (x: FeatureMatrix, i: number, y: FeatureMatrix, j: number) => {
    let dot = 0;
    for (let c = 0; c < d; c++)
      dot += (x.data[i * d + c] as number) * (y.data[j * d + c] as number);
    return (dot / d + 1) ** 3;
  };
  const sumOff = (x: FeatureMatrix) => {
    let s = 0;
    for (let i = 0; i < x.n; i++) for (let j = 0; j < x.n; j++) if (i !== j) s += k(x, i, x, j);
    return s / (x.n * (x.n - 1));
  };
  let cross = 0;
  for (let i = 0; i < a.n; i++) for (let j = 0; j < b.n; j++) cross += k(a, i, b, j);
  return sumOff(a) + sumOff(b) - (2 * cross) / (a.n * b.n);
}

describe('mmd2Unbiased', () => {
  it('matches a hand computation', () => {
    // d = 1, X = {0, 1}, Y = {1, 2}: k(x, y) = (xy + 1)³.
    // XX: 2·k(0,1)/2 = 1; YY: 2·k(1,2)/2 = 27; XY: 2·(1 + 1 + 8 + 27)/4 = 18.5.
    const x = { data: new Float64Array([0, 1]), n: 2, d: 1 };
    const y = { data: new Float64Array([1, 2]), n: 2, d: 1 };
    expect(mmd2Unbiased(x, y)).toBeCloseTo(9.5, 12);
  });

  it('agrees with the full-kernel-matrix formula, for unequal sizes and both orders', () => {
    const rng = createRng(1);
    const a = gaussian(rng, 37, 5);
    const b = gaussian(rng, 23, 5, 0.3);
    const value = mmd2Unbiased(a, b);
    expect(value).toBeCloseTo(bruteForceMmd2(a, b), 12);
    expect(mmd2Unbiased(b, a)).toBeCloseTo(value, 12);
    const a32 = { ...a, data: Float32Array.from(a.data) };
    expect(mmd2Unbiased(a32, b)).toBeCloseTo(
      bruteForceMmd2({ ...a, data: Float64Array.from(a32.data) }, b),
      12,
    );
  });

  it('rejects fewer than 2 rows and mismatched widths', () => {
    const rng = createRng(2);
    expectMetricError(
      () => mmd2Unbiased(gaussian(rng, 1, 3), gaussian(rng, 5, 3)),
      'E_TOO_FEW_SAMPLES',
    );
    expectMetricError(() => mmd2Unbiased(gaussian(rng, 5, 3), gaussian(rng, 5, 4)), 'E_SHAPE');
  });
});

describe('kernelInceptionDistance', () => {
  it('is near 0 for two samples of one distribution and clearly positive for a shift', () => {
    const rng = createRng(3);
    const d = 8;
    const a = gaussian(rng, 400, d);
    const same = gaussian(rng, 400, d);
    const shifted = gaussian(rng, 400, d, 0.5);
    const options = { subsets: 20, subsetSize: 200 };
    const null_ = kernelInceptionDistance(a, same, { ...options, rng: createRng(4) });
    const alt = kernelInceptionDistance(a, shifted, { ...options, rng: createRng(4) });
    // Null: the per-subset estimates scatter around 0 with s.d. ≈ 0.02 (this seed: mean 0.012);
    // a shift of 0.5 per coordinate gives MMD² ≈ 1 (this seed: 1.04).
    expect(Math.abs(null_.mean)).toBeLessThan(0.05);
    expect(alt.mean).toBeGreaterThan(0.5);
    expect(alt.mean).toBeGreaterThan(20 * Math.abs(null_.mean));
    expect(alt.subsets).toBe(20);
    expect(alt.subsetSize).toBe(200);
    expect(null_.std).toBeGreaterThan(0);
  });

  it('is reproducible: fixed default seed, same rng seed, same result', () => {
    const rng = createRng(5);
    const a = gaussian(rng, 60, 4);
    const b = gaussian(rng, 70, 4, 0.2);
    const options = { subsets: 5, subsetSize: 30 };
    const first = kernelInceptionDistance(a, b, options);
    expect(kernelInceptionDistance(a, b, options)).toEqual(first);
    expect(kernelInceptionDistance(a, b, { ...options, rng: createRng(KID_DEFAULT_SEED) })).toEqual(
      first,
    );
    const other = kernelInceptionDistance(a, b, { ...options, rng: createRng(99) });
    expect(other.mean).not.toBe(first.mean);
  });

  it('caps subsetSize at min(a.n, b.n): every subset is then the whole of the smaller set', () => {
    const rng = createRng(6);
    const a = gaussian(rng, 50, 3);
    const b = gaussian(rng, 50, 3, 0.4);
    const kid = kernelInceptionDistance(a, b, { subsets: 4 });
    expect(kid.subsetSize).toBe(50);
    // Each subset is a permutation of both full sets: the same estimate up to summation order.
    expect(kid.mean).toBeCloseTo(mmd2Unbiased(a, b), 12);
    expect(kid.std).toBeLessThan(1e-12);
    expect(kernelInceptionDistance(a, gaussian(rng, 80, 3), { subsets: 2 }).subsetSize).toBe(50);
  });

  it('draws subsets without replacement', () => {
    // With distinct rows, a subset drawn with replacement would repeat a row; the estimate of a
    // set against itself then differs from the unbiased value on distinct rows. Here each
    // subset is the full set, so all estimates must agree exactly with mmd2Unbiased(a, a).
    const rng = createRng(7);
    const a = gaussian(rng, 12, 2);
    const kid = kernelInceptionDistance(a, a, { subsets: 10, subsetSize: 12 });
    expect(kid.mean).toBeCloseTo(mmd2Unbiased(a, a), 12);
  });

  it('rejects a subsetSize below 2, bad subset counts and too few rows', () => {
    const rng = createRng(8);
    const a = gaussian(rng, 10, 2);
    expectMetricError(() => kernelInceptionDistance(a, a, { subsetSize: 1 }), 'E_INVALID_ARGUMENT');
    expectMetricError(
      () => kernelInceptionDistance(a, a, { subsetSize: 2.5 }),
      'E_INVALID_ARGUMENT',
    );
    expectMetricError(() => kernelInceptionDistance(a, a, { subsets: 0 }), 'E_INVALID_ARGUMENT');
    expectMetricError(() => kernelInceptionDistance(a, gaussian(rng, 1, 2)), 'E_TOO_FEW_SAMPLES');
    expectMetricError(() => kernelInceptionDistance(a, gaussian(rng, 10, 3)), 'E_SHAPE');
  });
});
