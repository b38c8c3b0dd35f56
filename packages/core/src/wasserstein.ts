import { checkFiniteArray } from './_validate';
import { InvalidArgumentError } from './errors';
import type { Rng } from './rng';

/**
 * Exact 1-Wasserstein distance between the empirical distributions of two 1-D samples
 * (sizes may differ): W₁ = ∫ |F_a(t) − F_b(t)| dt over the merged sorted support.
 *
 * @example
 * wasserstein1d([0, 1], [2, 3, 4]); // 2.5
 */
export function wasserstein1d(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkFiniteArray(a, 'a', 'wasserstein1d');
  checkFiniteArray(b, 'b', 'wasserstein1d');
  const xs = Float64Array.from(a).sort();
  const ys = Float64Array.from(b).sort();
  return sortedWasserstein1d(xs, ys);
}

function sortedWasserstein1d(xs: Float64Array, ys: Float64Array): number {
  const n = xs.length;
  const m = ys.length;
  let i = 0;
  let j = 0;
  let prev = Math.min(xs[0] as number, ys[0] as number);
  let total = 0;
  // Walk the merged support; between consecutive points both CDFs are constant.
  while (i < n || j < m) {
    const x = i < n ? (xs[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < m ? (ys[j] as number) : Number.POSITIVE_INFINITY;
    const t = Math.min(x, y);
    total += Math.abs(i / n - j / m) * (t - prev);
    prev = t;
    while (i < n && xs[i] === t) i++;
    while (j < m && ys[j] === t) j++;
  }
  return total;
}

/** Options of {@link slicedWasserstein}. */
export interface SlicedWassersteinOptions {
  /** Number of random directions on the unit sphere (default 64). */
  projections?: number;
  /** Generator for the directions (required, so results are reproducible). */
  rng: Rng;
}

/**
 * Sliced 1-Wasserstein distance between two point clouds in ℝᵈ: the mean over random unit
 * directions θ of W₁(⟨a, θ⟩, ⟨b, θ⟩), each computed exactly by {@link wasserstein1d}.
 *
 * @example
 * slicedWasserstein([[0, 0], [1, 1]], [[2, 2]], { rng: createRng(0) });
 */
export function slicedWasserstein(
  a: ReadonlyArray<ArrayLike<number>>,
  b: ReadonlyArray<ArrayLike<number>>,
  { projections = 64, rng }: SlicedWassersteinOptions,
): number {
  const dim = checkPoints(a, 'a');
  const dimB = checkPoints(b, 'b');
  if (dim !== dimB) {
    throw new InvalidArgumentError(
      'E_LENGTH_MISMATCH',
      `slicedWasserstein: points of a have ${dim} dimensions but points of b have ${dimB}`,
      { option: 'b', expected: dim, actual: dimB },
    );
  }
  if (!Number.isInteger(projections) || projections < 1) {
    throw new InvalidArgumentError(
      'E_OUT_OF_RANGE',
      `slicedWasserstein: projections must be a positive integer, got ${projections}`,
      { option: 'projections' },
    );
  }
  const theta = new Float64Array(dim);
  const pa = new Float64Array(a.length);
  const pb = new Float64Array(b.length);
  let total = 0;
  for (let k = 0; k < projections; k++) {
    let norm = 0;
    do {
      rng.fillNormal(theta);
      norm = Math.hypot(...theta);
    } while (norm === 0);
    for (let d = 0; d < dim; d++) theta[d] = (theta[d] as number) / norm;
    project(a, theta, pa);
    project(b, theta, pb);
    total += sortedWasserstein1d(pa.sort(), pb.sort());
  }
  return total / projections;
}

function project(points: ReadonlyArray<ArrayLike<number>>, theta: Float64Array, out: Float64Array) {
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as ArrayLike<number>;
    let s = 0;
    for (let d = 0; d < theta.length; d++) s += (p[d] as number) * (theta[d] as number);
    out[i] = s;
  }
}

function checkPoints(points: ReadonlyArray<ArrayLike<number>>, argument: string): number {
  if (!Array.isArray(points) || points.length === 0) {
    throw new InvalidArgumentError(
      'E_EMPTY',
      `slicedWasserstein: ${argument} must be a non-empty array of points`,
      { option: argument },
    );
  }
  const dim = (points[0] as ArrayLike<number>).length;
  points.forEach((p, i) => {
    if (p.length !== dim) {
      throw new InvalidArgumentError(
        'E_LENGTH_MISMATCH',
        `slicedWasserstein: ${argument}[${i}] has ${p.length} coordinates, expected ${dim}`,
        { option: argument, index: i },
      );
    }
    checkFiniteArray(p, `${argument}[${i}]`, 'slicedWasserstein');
  });
  return dim;
}
