// Checks FID, KID and IS against independent NumPy/SciPy values computed by
// scripts/reference_metrics.py (pytorch-fid's sqrtm recipe for FID, the full-set unbiased MMD²
// of the KID paper, the original Inception Score formula).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from './featureMatrix';
import { frechetDistance } from './frechet';
import { mmd2Unbiased } from './kid';
import { meanAndCovariance } from './linalg';
import { inceptionScore } from './score';

interface FeatureCase {
  name: string;
  nA: number;
  nB: number;
  d: number;
  a: number[][];
  b: number[][];
  expected: {
    fid: number;
    fidEigh: number;
    mmd2Unbiased: number;
    traceCovA: number;
    meanA?: number[];
    covA?: number[][];
  };
}

interface Fixture {
  versions: Record<string, string>;
  features: FeatureCase[];
  inceptionScore: {
    n: number;
    k: number;
    probs: number[][];
    expected: { splits1: number; splits3: number[]; splits3Mean: number; splits3Std: number };
  };
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('./__tests__/fixtures/reference-metrics.json', import.meta.url), 'utf8'),
);

function matrix(rows: number[][], n: number, d: number): FeatureMatrix {
  const data = Float64Array.from(rows.flat());
  expect(data.length).toBe(n * d);
  return { data, n, d };
}

/** |actual − expected| ≤ rel·|expected|, or ≤ abs when |expected| is below abs/rel. */
function expectNear(actual: number, expected: number, rel: number, abs = 0): void {
  const tolerance = Math.max(rel * Math.abs(expected), abs);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe(`reference values (numpy ${fixture.versions['numpy']}, scipy ${fixture.versions['scipy']})`, () => {
  it('has the three feature cases', () => {
    expect(fixture.features.map((c) => c.name)).toEqual([
      'gaussians-200x16',
      'near-identical-100x8',
      'rank-deficient-20x32',
    ]);
  });

  for (const c of fixture.features) {
    describe(c.name, () => {
      const a = matrix(c.a, c.nA, c.d);
      const b = matrix(c.b, c.nB, c.d);

      it('FID matches pytorch-fid’s sqrtm recipe to 1e-6 relative (1e-6 absolute near 0)', () => {
        const fid = frechetDistance(a, b);
        expectNear(fid, c.expected.fid, 1e-6, 1e-6);
        // Tighter against the same formula evaluated with LAPACK's eigh instead of sqrtm. What is
        // left is round-off: ~1e-12 absolute from cancelling Tr C₁ + Tr C₂ against 2·Tr(...)
        // when d² ≈ 0, and √(ε·‖M‖)-sized errors from the zero eigenvalues of the singular
        // S·C₂·S when n < d (measured: 1.3e-12 absolute and 1.8e-9 relative).
        expectNear(fid, c.expected.fidEigh, 1e-8, 1e-10);
      });

      it('unbiased cubic-kernel MMD² on the full sets matches to 1e-9 relative', () => {
        expectNear(mmd2Unbiased(a, b), c.expected.mmd2Unbiased, 1e-9);
      });

      it('covariance trace matches numpy.cov', () => {
        const { cov } = meanAndCovariance(a.data, a.n, a.d);
        let tr = 0;
        for (let i = 0; i < a.d; i++) tr += cov[i * a.d + i] as number;
        expectNear(tr, c.expected.traceCovA, 1e-12);
        if (c.expected.meanA && c.expected.covA) {
          const { mean } = meanAndCovariance(a.data, a.n, a.d);
          c.expected.meanA.forEach((m, i) => expectNear(mean[i] as number, m, 1e-12, 1e-15));
          c.expected.covA.flat().forEach((v, i) => expectNear(cov[i] as number, v, 1e-12, 1e-15));
        }
      });
    });
  }

  it('Inception Score matches to 1e-9 relative (splits = 1 and 3)', () => {
    const { n, k, probs, expected } = fixture.inceptionScore;
    const p = Float64Array.from(probs.flat());
    expectNear(inceptionScore(p, n, k, { splits: 1 }).mean, expected.splits1, 1e-9);
    const is3 = inceptionScore(p, n, k, { splits: 3 });
    expectNear(is3.mean, expected.splits3Mean, 1e-9);
    expectNear(is3.std, expected.splits3Std, 1e-9);
  });
});
