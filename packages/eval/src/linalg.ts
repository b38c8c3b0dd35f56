import { checkInteger, checkMatrix, checkSymmetric } from './_checks';
import { MetricError } from './errors';

/** Sample mean and covariance of the rows of a matrix, see {@link meanAndCovariance}. */
export interface MeanAndCovariance {
  /** μ, length d. */
  readonly mean: Float64Array;
  /** C, row-major d×d, exactly symmetric. */
  readonly cov: Float64Array;
}

/** Eigen-decomposition of a symmetric matrix, see {@link symmetricEigen}. */
export interface SymmetricEigen {
  /** Eigenvalues λ₀ ≤ λ₁ ≤ … ≤ λ_{d−1} (ascending, as LAPACK's `syevd` and `numpy.linalg.eigh`). */
  readonly values: Float64Array;
  /** Row-major d×d orthogonal V whose column j is the unit eigenvector of `values[j]`. */
  readonly vectors: Float64Array;
  /** Jacobi sweeps used (each sweep visits every off-diagonal pair once). */
  readonly sweeps: number;
}

/** Upper bound on Jacobi sweeps (about 10–30 are used in practice: convergence is quadratic). */
const MAX_SWEEPS = 100;
/** A sweep rotates only entries above this times the RMS off-diagonal entry. */
const THRESHOLD_FACTOR = 0.5;
/**
 * Off-diagonal entries below this times ‖A‖_F are left alone: far below round-off, it only keeps
 * rank-deficient matrices from rotating denormals.
 */
const ABSOLUTE_SKIP = 1e-30;
const EPSILON = 2 ** -52;

/**
 * Sample mean μ = (1/n) Σᵢ xᵢ and unbiased covariance C = (1/(n−1)) Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ of
 * the n rows of a row-major n×d matrix, in Float64 whatever the input (as
 * `numpy.cov(x, rowvar=False)`; two passes, so no cancellation from E[xxᵀ] − μμᵀ).
 *
 * @example
 * const { mean, cov } = meanAndCovariance(new Float64Array([0, 0, 2, 4]), 2, 2);
 * // mean = [1, 2], cov = [2, 4, 4, 8]
 */
export function meanAndCovariance(
  rows: Float64Array | Float32Array,
  n: number,
  d: number,
): MeanAndCovariance {
  const fn = 'meanAndCovariance';
  checkMatrix(rows, n, d, 'rows', fn);
  if (n < 2) {
    throw new MetricError(
      'E_TOO_FEW_SAMPLES',
      `${fn}: the unbiased covariance needs n >= 2 rows, got n = ${n}`,
      { option: 'n', expected: '>= 2', actual: n },
    );
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (rows[off + j] as number);
  }
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;

  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let j = 0; j < d; j++) x[j] = (rows[off + j] as number) - (mean[j] as number);
    // Upper triangle only; mirrored below.
    for (let j = 0; j < d; j++) {
      const xj = x[j] as number;
      if (xj === 0) continue;
      const row = j * d;
      for (let k = j; k < d; k++) cov[row + k] = (cov[row + k] as number) + xj * (x[k] as number);
    }
  }
  const scale = 1 / (n - 1);
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const v = (cov[j * d + k] as number) * scale;
      cov[j * d + k] = v;
      cov[k * d + j] = v;
    }
  }
  return { mean, cov };
}

/**
 * Applies the Jacobi rotation J(p, q) (sine `s`, τ = s/(1 + c)) to the other entries of rows
 * and columns p and q of `w`, whose upper triangle (i < j at i·d + j) is the only part kept up
 * to date, and to rows p and q of Vᵀ.
 */
function rotate(
  w: Float64Array,
  vt: Float64Array,
  d: number,
  p: number,
  q: number,
  s: number,
  tau: number,
): void {
  const rowP = p * d;
  const rowQ = q * d;
  for (let k = 0; k < p; k++) {
    const row = k * d;
    const akp = w[row + p] as number;
    const akq = w[row + q] as number;
    w[row + p] = akp - s * (akq + tau * akp);
    w[row + q] = akq + s * (akp - tau * akq);
  }
  for (let k = p + 1; k < q; k++) {
    const akp = w[rowP + k] as number;
    const akq = w[k * d + q] as number;
    w[rowP + k] = akp - s * (akq + tau * akp);
    w[k * d + q] = akq + s * (akp - tau * akq);
  }
  for (let k = q + 1; k < d; k++) {
    const akp = w[rowP + k] as number;
    const akq = w[rowQ + k] as number;
    w[rowP + k] = akp - s * (akq + tau * akp);
    w[rowQ + k] = akq + s * (akp - tau * akq);
  }
  for (let k = 0; k < d; k++) {
    const vp = vt[rowP + k] as number;
    const vq = vt[rowQ + k] as number;
    vt[rowP + k] = vp - s * (vq + tau * vp);
    vt[rowQ + k] = vq + s * (vp - tau * vq);
  }
}

/**
 * Eigen-decomposition A = V Λ Vᵀ of a real symmetric d×d matrix (row-major) by cyclic Jacobi
 * rotations in Float64: each rotation J(p, q, φ) with tan φ = t, t² + 2tθ − 1 = 0,
 * θ = (a_qq − a_pp) / (2a_pq), zeroes a_pq (Rutishauser's update), until a full sweep finds no
 * off-diagonal entry above ε·√|a_pp·a_qq| (or 1e−30·‖A‖_F), so off(A) ≲ 1e−14·‖A‖_F. Early
 * sweeps skip entries below half the RMS off-diagonal entry (threshold Jacobi). Eigenvalues come
 * back ascending. About 0.3 s for d = 256 in V8, O(d³) per sweep; `a` is not modified.
 *
 * @example
 * const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
 * // values = [1, 3], vectors' columns ≈ [1, −1]/√2 and [1, 1]/√2 (up to sign)
 */
export function symmetricEigen(a: Float64Array | Float32Array, d: number): SymmetricEigen {
  const fn = 'symmetricEigen';
  checkInteger(d, 1, 'd', fn);
  checkMatrix(a, d, d, 'a', fn);
  checkSymmetric(a, d, 'a', fn);

  // Work on an exactly symmetric copy; keep Vᵀ so that rotating two eigenvectors touches two
  // contiguous rows.
  const w = new Float64Array(d * d);
  let frob2 = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = 0.5 * ((a[i * d + j] as number) + (a[j * d + i] as number));
      w[i * d + j] = v;
      w[j * d + i] = v;
      frob2 += i === j ? v * v : 2 * v * v;
    }
  }
  const vt = new Float64Array(d * d);
  for (let i = 0; i < d; i++) vt[i * d + i] = 1;
  const skip = ABSOLUTE_SKIP * Math.sqrt(frob2);

  const pairs = (d * (d - 1)) / 2;
  let exact = false;
  let sweeps = 0;
  while (sweeps < MAX_SWEEPS) {
    let rotations = 0;
    let off2 = 0;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) off2 += (w[p * d + q] as number) ** 2;
    }
    // Threshold Jacobi: skip entries below half the RMS off-diagonal (fewer, larger rotations);
    // once a thresholded sweep rotates nothing, finish with unthresholded sweeps.
    const threshold =
      exact || pairs === 0 ? skip : Math.max(skip, THRESHOLD_FACTOR * Math.sqrt(off2 / pairs));
    for (let p = 0; p < d - 1; p++) {
      const rowP = p * d;
      for (let q = p + 1; q < d; q++) {
        const apq = w[rowP + q] as number;
        const absApq = Math.abs(apq);
        if (absApq <= threshold) continue;
        const rowQ = q * d;
        const app = w[rowP + p] as number;
        const aqq = w[rowQ + q] as number;
        if (absApq <= EPSILON * Math.sqrt(Math.abs(app * aqq))) continue;
        rotations++;
        const theta = (aqq - app) / (2 * apq);
        const absTheta = Math.abs(theta);
        // For huge θ, θ² overflows; t ≈ 1/(2θ) is then exact to working precision.
        let t =
          absTheta > 1e150 ? 1 / (2 * absTheta) : 1 / (absTheta + Math.sqrt(1 + theta * theta));
        if (theta < 0) t = -t;
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const tau = s / (1 + c);
        w[rowP + p] = app - t * apq;
        w[rowQ + q] = aqq + t * apq;
        w[rowP + q] = 0;
        rotate(w, vt, d, p, q, s, tau);
      }
    }
    if (rotations === 0) {
      if (threshold <= skip) break;
      exact = true;
      continue;
    }
    sweeps++;
  }

  const order = Array.from({ length: d }, (_, i) => i).sort(
    (i, j) => (w[i * d + i] as number) - (w[j * d + j] as number),
  );
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const src = order[j] as number;
    values[j] = w[src * d + src] as number;
    for (let k = 0; k < d; k++) vectors[k * d + j] = vt[src * d + k] as number;
  }
  return { values, vectors, sweeps };
}

/**
 * Principal square root of a symmetric positive semi-definite matrix: A^½ = V diag(√max(λᵢ, 0)) Vᵀ
 * from {@link symmetricEigen} (eigenvalues that round-off made slightly negative count as 0).
 *
 * @example
 * sqrtPsd(new Float64Array([4, 0, 0, 9]), 2); // [2, 0, 0, 3]
 */
export function sqrtPsd(a: Float64Array | Float32Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  const roots = new Float64Array(d);
  for (let k = 0; k < d; k++) roots[k] = Math.sqrt(Math.max(values[k] as number, 0));
  const out = new Float64Array(d * d);
  const scaled = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    for (let k = 0; k < d; k++) scaled[k] = (vectors[rowI + k] as number) * (roots[k] as number);
    for (let j = i; j < d; j++) {
      const rowJ = j * d;
      let sum = 0;
      for (let k = 0; k < d; k++) sum += (scaled[k] as number) * (vectors[rowJ + k] as number);
      out[rowI + j] = sum;
      out[rowJ + i] = sum;
    }
  }
  return out;
}

/**
 * Product C = A·B of two row-major d×d matrices: C_ij = Σ_k A_ik B_kj (Float64 accumulation).
 *
 * @example
 * matMulSquare(new Float64Array([1, 2, 3, 4]), new Float64Array([0, 1, 1, 0]), 2); // [2, 1, 4, 3]
 */
export function matMulSquare(
  a: Float64Array | Float32Array,
  b: Float64Array | Float32Array,
  d: number,
): Float64Array {
  const fn = 'matMulSquare';
  checkInteger(d, 1, 'd', fn);
  checkMatrix(a, d, d, 'a', fn);
  checkMatrix(b, d, d, 'b', fn);
  const out = new Float64Array(d * d);
  // i-k-j order: the inner loop walks rows of B and C contiguously.
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    for (let k = 0; k < d; k++) {
      const aik = a[rowI + k] as number;
      if (aik === 0) continue;
      const rowK = k * d;
      for (let j = 0; j < d; j++)
        out[rowI + j] = (out[rowI + j] as number) + aik * (b[rowK + j] as number);
    }
  }
  return out;
}

/**
 * Trace Tr(A) = Σᵢ a_ii of a row-major d×d matrix.
 *
 * @example
 * trace(new Float64Array([1, 2, 3, 4]), 2); // 5
 */
export function trace(a: Float64Array | Float32Array, d: number): number {
  checkInteger(d, 1, 'd', 'trace');
  checkMatrix(a, d, d, 'a', 'trace');
  let sum = 0;
  for (let i = 0; i < d; i++) sum += a[i * d + i] as number;
  return sum;
}
