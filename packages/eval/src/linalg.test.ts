import { createRng, type Rng } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { expectMetricError } from './__tests__/expectMetricError';
import { matMulSquare, meanAndCovariance, sqrtPsd, symmetricEigen, trace } from './linalg';

/** A random symmetric d×d matrix (entries N(0, 1), mirrored). */
function randomSymmetric(rng: Rng, d: number): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = rng.normal();
      a[i * d + j] = v;
      a[j * d + i] = v;
    }
  }
  return a;
}

/** B·Bᵀ for a random d×r matrix B: symmetric PSD of rank r. */
function randomPsd(rng: Rng, d: number, r: number): Float64Array {
  const b = rng.fillNormal(new Float64Array(d * r));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += (b[i * r + k] as number) * (b[j * r + k] as number);
      a[i * d + j] = s;
    }
  }
  return a;
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

/** max |(V Λ Vᵀ − A)_ij| / ‖A‖_F and max |(VᵀV − I)_ij|. */
function decompositionErrors(
  a: Float64Array,
  d: number,
): { reconstruction: number; orthogonality: number } {
  const { values, vectors } = symmetricEigen(a, d);
  const norm = frobenius(a) || 1;
  let reconstruction = 0;
  let orthogonality = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let r = 0;
      let o = 0;
      for (let k = 0; k < d; k++) {
        r +=
          (vectors[i * d + k] as number) * (values[k] as number) * (vectors[j * d + k] as number);
        o += (vectors[k * d + i] as number) * (vectors[k * d + j] as number);
      }
      reconstruction = Math.max(reconstruction, Math.abs(r - (a[i * d + j] as number)) / norm);
      orthogonality = Math.max(orthogonality, Math.abs(o - (i === j ? 1 : 0)));
    }
  }
  return { reconstruction, orthogonality };
}

describe('meanAndCovariance', () => {
  it('matches a hand computation with the n − 1 denominator', () => {
    // Rows (0, 0), (2, 4), (4, 2): mean (2, 2); centred (−2, −2), (0, 2), (2, 0).
    const { mean, cov } = meanAndCovariance(new Float64Array([0, 0, 2, 4, 4, 2]), 3, 2);
    expect(Array.from(mean)).toEqual([2, 2]);
    expect(Array.from(cov)).toEqual([4, 2, 2, 4]);
  });

  it('agrees with the definition on random data, in Float64 for Float32 input', () => {
    const rng = createRng(11);
    const n = 57;
    const d = 6;
    const x = rng.fillNormal(new Float32Array(n * d), 3, 2);
    const { mean, cov } = meanAndCovariance(x, n, d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * d + j] as number;
      expect(mean[j]).toBeCloseTo(s / n, 12);
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) {
          s +=
            ((x[i * d + j] as number) - (mean[j] as number)) *
            ((x[i * d + k] as number) - (mean[k] as number));
        }
        expect(cov[j * d + k]).toBeCloseTo(s / (n - 1), 12);
        expect(cov[j * d + k]).toBe(cov[k * d + j]);
      }
    }
  });

  it('does not lose the covariance of data far from the origin', () => {
    // E[xxᵀ] − μμᵀ would cancel ~16 digits here; the two-pass form is exact.
    const { cov } = meanAndCovariance(new Float64Array([1e8, 1e8 + 1, 1e8 + 2]), 3, 1);
    expect(cov[0]).toBe(1);
  });

  it('rejects fewer than two rows, a wrong length and non-finite values', () => {
    expectMetricError(() => meanAndCovariance(new Float64Array(3), 1, 3), 'E_TOO_FEW_SAMPLES');
    expectMetricError(() => meanAndCovariance(new Float64Array(5), 2, 3), 'E_SHAPE');
    expectMetricError(
      () => meanAndCovariance(new Float64Array([1, Number.NaN]), 2, 1),
      'E_NOT_FINITE',
    );
    expectMetricError(() => meanAndCovariance([1, 2] as unknown as Float64Array, 2, 1), 'E_SHAPE');
  });
});

describe('symmetricEigen', () => {
  it('solves a 2×2 and a diagonal matrix exactly, eigenvalues ascending', () => {
    const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    // Column 1 is ±(1, 1)/√2.
    expect(Math.abs(vectors[1] as number)).toBeCloseTo(Math.SQRT1_2, 14);
    expect((vectors[1] as number) * (vectors[3] as number)).toBeCloseTo(0.5, 14);
    const diag = symmetricEigen(new Float64Array([5, 0, 0, 0, -1, 0, 0, 0, 2]), 3);
    expect(Array.from(diag.values)).toEqual([-1, 2, 5]);
    expect(diag.sweeps).toBe(0);
  });

  it('reconstructs A = VΛVᵀ to 1e-10 with VᵀV = I for random symmetric matrices', () => {
    const rng = createRng(3);
    for (const d of [1, 2, 5, 17, 40]) {
      const { reconstruction, orthogonality } = decompositionErrors(randomSymmetric(rng, d), d);
      expect(reconstruction).toBeLessThan(1e-10);
      expect(orthogonality).toBeLessThan(1e-10);
    }
  });

  it('handles rank-deficient PSD matrices, repeated eigenvalues and the zero matrix', () => {
    const rng = createRng(5);
    const d = 32;
    const psd = randomPsd(rng, d, 5);
    const errors = decompositionErrors(psd, d);
    expect(errors.reconstruction).toBeLessThan(1e-10);
    expect(errors.orthogonality).toBeLessThan(1e-10);
    const { values } = symmetricEigen(psd, d);
    const scale = values[d - 1] as number;
    // 27 eigenvalues are 0 up to round-off, 5 are clearly positive.
    for (let i = 0; i < d - 5; i++)
      expect(Math.abs(values[i] as number)).toBeLessThan(1e-12 * scale);
    for (let i = d - 5; i < d; i++) expect(values[i] as number).toBeGreaterThan(1e-3 * scale);
    // 2I + 1·1ᵀ: eigenvalue 2 (d − 1 times) and 2 + d.
    const repeated = new Float64Array(d * d).fill(1);
    for (let i = 0; i < d; i++) repeated[i * d + i] = 3;
    const r = symmetricEigen(repeated, d);
    for (let i = 0; i < d - 1; i++) expect(r.values[i]).toBeCloseTo(2, 12);
    expect(r.values[d - 1]).toBeCloseTo(2 + d, 12);
    expect(decompositionErrors(repeated, d).orthogonality).toBeLessThan(1e-10);
    const zero = symmetricEigen(new Float64Array(9), 3);
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
  });

  it('still rotates small entries that the RMS threshold skipped (graded matrix)', () => {
    // a₀₁ = 1e-6 is negligible next to a₀₀ ≈ 1e10 and dominates the RMS off-diagonal, so the
    // thresholded sweeps skip a₂₃ = 1e-8; the final exact sweep must still rotate it: the
    // eigenvector of λ ≈ 1 of [[1, ε], [ε, 2]] is (1, −ε) to first order.
    const a = new Float64Array([
      1e10,
      1e-6,
      0,
      0,
      1e-6,
      1e10 + 1,
      0,
      0,
      0,
      0,
      1,
      1e-8,
      0,
      0,
      1e-8,
      2,
    ]);
    const { values, vectors } = symmetricEigen(a, 4);
    expect(values[0]).toBeCloseTo(1, 12);
    const ratio = (vectors[3 * 4] as number) / (vectors[2 * 4] as number);
    expect(ratio / -1e-8).toBeCloseTo(1, 6);
  });

  it('finds the eigenvalues of a matrix with a known spectrum', () => {
    // Q diag(λ) Qᵀ with Q from the eigenvectors of a random matrix.
    const rng = createRng(9);
    const d = 12;
    const { vectors: q } = symmetricEigen(randomSymmetric(rng, d), d);
    const lambda = Array.from({ length: d }, (_, i) => (i - 4) * 0.75);
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) {
          s += (q[i * d + k] as number) * (lambda[k] as number) * (q[j * d + k] as number);
        }
        a[i * d + j] = s;
      }
    }
    const { values } = symmetricEigen(a, d);
    for (let i = 0; i < d; i++) expect(values[i]).toBeCloseTo(lambda[i] as number, 12);
  });

  it('decomposes a 256×256 covariance-like matrix quickly (≈0.3 s)', () => {
    const rng = createRng(21);
    const d = 256;
    const a = randomPsd(rng, d, d);
    const start = performance.now();
    const { sweeps } = symmetricEigen(a, d);
    const elapsed = performance.now() - start;
    expect(sweeps).toBeLessThan(60);
    // Typically ~0.3 s; the bound only catches a gross regression (e.g. an O(d⁴) sweep).
    expect(elapsed).toBeLessThan(1500);
  });

  it('rejects non-symmetric, wrongly sized and non-finite input', () => {
    expectMetricError(
      () => symmetricEigen(new Float64Array([1, 2, 3, 4]), 2),
      'E_INVALID_ARGUMENT',
    );
    expectMetricError(() => symmetricEigen(new Float64Array(5), 2), 'E_SHAPE');
    expectMetricError(
      () => symmetricEigen(new Float64Array([1, Number.POSITIVE_INFINITY, 0, 1]), 2),
      'E_NOT_FINITE',
    );
    expectMetricError(() => symmetricEigen(new Float64Array(0), 0), 'E_INVALID_ARGUMENT');
  });
});

describe('sqrtPsd, matMulSquare, trace', () => {
  it('returns the PSD square root: S·S = A, S symmetric', () => {
    expect(Array.from(sqrtPsd(new Float64Array([4, 0, 0, 9]), 2))).toEqual([2, 0, 0, 3]);
    const rng = createRng(13);
    const d = 20;
    const a = randomPsd(rng, d, 7); // rank 7: the clamp at 0 matters
    const s = sqrtPsd(a, d);
    const ss = matMulSquare(s, s, d);
    const norm = frobenius(a);
    for (let i = 0; i < d * d; i++) {
      expect(Math.abs((ss[i] as number) - (a[i] as number)) / norm).toBeLessThan(1e-10);
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) expect(s[i * d + j]).toBe(s[j * d + i]);
    }
  });

  it('multiplies and traces small matrices', () => {
    expect(
      Array.from(matMulSquare(new Float64Array([1, 2, 3, 4]), new Float64Array([0, 1, 1, 0]), 2)),
    ).toEqual([2, 1, 4, 3]);
    expect(trace(new Float32Array([1, 2, 3, 4]), 2)).toBe(5);
    expectMetricError(() => matMulSquare(new Float64Array(4), new Float64Array(3), 2), 'E_SHAPE');
  });
});
