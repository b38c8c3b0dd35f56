import { createRng, type Rng } from '@gantry/core';
import { checkFeaturePair, checkInteger } from './_checks';
import { MetricError } from './errors';
import type { FeatureMatrix } from './featureMatrix';

/** Seed of the generator {@link kernelInceptionDistance} uses when given none. */
export const KID_DEFAULT_SEED = 0;

/** Options of {@link kernelInceptionDistance}. */
export interface KernelInceptionDistanceOptions {
  /** Number of random subsets averaged (default 100). */
  subsets?: number;
  /**
   * Rows drawn from each set per subset, without replacement (default 1000); capped at
   * min(a.n, b.n), so a small set gives the same full-set estimate in every subset.
   */
  subsetSize?: number;
  /** Generator for the subsets (default `createRng(KID_DEFAULT_SEED)`, fresh at each call). */
  rng?: Rng;
}

/** Result of {@link kernelInceptionDistance}. */
export interface KernelInceptionDistance {
  /** Mean of the per-subset unbiased MMD² estimates: the KID. */
  readonly mean: number;
  /** Population standard deviation (ddof 0) of the per-subset estimates. */
  readonly std: number;
  /** Number of subsets averaged. */
  readonly subsets: number;
  /** Rows per set in each subset, after capping at min(a.n, b.n). */
  readonly subsetSize: number;
}

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the unbiased
 * MMD² of {@link mmd2Unbiased} with the cubic kernel k(x, y) = (xᵀy/d + 1)³, averaged over
 * `subsets` pairs of random subsets of `subsetSize` rows drawn without replacement from a and
 * from b. Unbiased, so it can be slightly negative when the sets come from one distribution.
 * Cost O(subsets · subsetSize² · d): about 0.17 s per subset at subsetSize 1000, d = 128 in V8,
 * so ~17 s for the defaults.
 *
 * @example
 * const { mean, std } = kernelInceptionDistance(real, fake, { rng: createRng(1) });
 */
export function kernelInceptionDistance(
  a: FeatureMatrix,
  b: FeatureMatrix,
  options: KernelInceptionDistanceOptions = {},
): KernelInceptionDistance {
  const fn = 'kernelInceptionDistance';
  const { subsets = 100, subsetSize = 1000 } = options;
  checkFeaturePair(a, b, fn, 'the unbiased MMD²');
  checkInteger(subsets, 1, 'subsets', fn);
  if (typeof subsetSize !== 'number' || !Number.isInteger(subsetSize) || subsetSize < 2) {
    throw new MetricError(
      'E_INVALID_ARGUMENT',
      `${fn}: subsetSize must be an integer >= 2 (the unbiased MMD² needs two rows per set), got ${String(subsetSize)}`,
      { option: 'subsetSize', expected: 'integer >= 2', actual: subsetSize },
    );
  }
  const rng = options.rng ?? createRng(KID_DEFAULT_SEED);
  const d = a.d;
  const m = Math.min(subsetSize, a.n, b.n);
  const indexA = identity(a.n);
  const indexB = identity(b.n);
  const x = new Float64Array(m * d);
  const y = new Float64Array(m * d);
  const values = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) {
    gatherRandomRows(a, indexA, m, rng, x);
    gatherRandomRows(b, indexB, m, rng, y);
    values[s] = polynomialMmd2(x, m, y, m, d);
  }
  let mean = 0;
  for (let s = 0; s < subsets; s++) mean += values[s] as number;
  mean /= subsets;
  let variance = 0;
  for (let s = 0; s < subsets; s++) variance += ((values[s] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(variance / subsets), subsets, subsetSize: m };
}

/**
 * Unbiased MMD² between the full row sets X (m rows) and Y (n rows) with the cubic polynomial
 * kernel k(x, y) = (xᵀy/d + 1)³:
 * MMD²ᵤ = Σ_{i≠j} k(xᵢ, xⱼ)/(m(m−1)) + Σ_{i≠j} k(yᵢ, yⱼ)/(n(n−1)) − 2·Σ_{i,j} k(xᵢ, yⱼ)/(mn).
 * Needs m, n ≥ 2; O((m + n)² · d).
 *
 * @example
 * mmd2Unbiased({ data: x, n: 500, d: 128 }, { data: y, n: 500, d: 128 });
 */
export function mmd2Unbiased(a: FeatureMatrix, b: FeatureMatrix): number {
  checkFeaturePair(a, b, 'mmd2Unbiased', 'the unbiased MMD²');
  return polynomialMmd2(Float64Array.from(a.data), a.n, Float64Array.from(b.data), b.n, a.d);
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Copies `m` rows of `source` chosen uniformly without replacement into `out`, by a partial
 * Fisher–Yates shuffle of `index` (any permutation of 0…n−1; it is left permuted).
 */
function gatherRandomRows(
  source: FeatureMatrix,
  index: Uint32Array,
  m: number,
  rng: Rng,
  out: Float64Array,
): void {
  const { data, n, d } = source;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const row = index[j] as number;
    index[j] = index[i] as number;
    index[i] = row;
    const from = row * d;
    const to = i * d;
    for (let k = 0; k < d; k++) out[to + k] = data[from + k] as number;
  }
}

/** Unbiased MMD² with k(x, y) = (xᵀy/d + 1)³ between row-major x (m×d) and y (n×d). */
function polynomialMmd2(x: Float64Array, m: number, y: Float64Array, n: number, d: number): number {
  let withinX = 0;
  for (let i = 0; i < m - 1; i++) withinX += kernelRowSum(x, i * d, x, i + 1, m, d);
  let withinY = 0;
  for (let i = 0; i < n - 1; i++) withinY += kernelRowSum(y, i * d, y, i + 1, n, d);
  let cross = 0;
  for (let i = 0; i < m; i++) cross += kernelRowSum(x, i * d, y, 0, n, d);
  // Σ_{i≠j} = 2·Σ_{i<j} for the two within-set sums.
  return (2 * withinX) / (m * (m - 1)) + (2 * withinY) / (n * (n - 1)) - (2 * cross) / (m * n);
}

/**
 * Σ_{j ∈ [from, to)} k(x_i, y_j) for the row of x starting at `xi`: four rows of y at a time, so
 * that each x_ik loaded serves four dot products (about twice as fast in V8 as one at a time).
 */
function kernelRowSum(
  x: Float64Array,
  xi: number,
  y: Float64Array,
  from: number,
  to: number,
  d: number,
): number {
  let sum = 0;
  let j = from;
  for (; j + 3 < to; j += 4) {
    const y0 = j * d;
    const y1 = y0 + d;
    const y2 = y1 + d;
    const y3 = y2 + d;
    let dot0 = 0;
    let dot1 = 0;
    let dot2 = 0;
    let dot3 = 0;
    for (let k = 0; k < d; k++) {
      const v = x[xi + k] as number;
      dot0 += v * (y[y0 + k] as number);
      dot1 += v * (y[y1 + k] as number);
      dot2 += v * (y[y2 + k] as number);
      dot3 += v * (y[y3 + k] as number);
    }
    sum += cube(dot0 / d + 1) + cube(dot1 / d + 1) + cube(dot2 / d + 1) + cube(dot3 / d + 1);
  }
  for (; j < to; j++) {
    const yj = j * d;
    let dot = 0;
    for (let k = 0; k < d; k++) dot += (x[xi + k] as number) * (y[yj + k] as number);
    sum += cube(dot / d + 1);
  }
  return sum;
}

function cube(v: number): number {
  return v * v * v;
}
