import { createRng, type Rng } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { expectMetricError } from './__tests__/expectMetricError';
import type { FeatureMatrix } from './featureMatrix';
import { featureStats, frechetDistance, frechetFromStats } from './frechet';

/** n rows of N(shift, L Lᵀ) with a random dense d×d factor L: correlated coordinates. */
function correlated(rng: Rng, n: number, d: number, shift = 0): FeatureMatrix {
  const factor = rng.fillNormal(new Float64Array(d * d), 0, 1 / Math.sqrt(d));
  const z = new Float64Array(d);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    rng.fillNormal(z);
    for (let j = 0; j < d; j++) {
      let s = shift;
      for (let k = 0; k < d; k++) s += (factor[j * d + k] as number) * (z[k] as number);
      data[i * d + j] = s;
    }
  }
  return { data, n, d };
}

describe('frechetDistance', () => {
  it('is 0 between a set and itself', () => {
    const a = correlated(createRng(1), 200, 16);
    expect(frechetDistance(a, a)).toBeLessThan(1e-8);
    // A reordering of the rows has the same statistics.
    const reversed = new Float64Array(a.data.length);
    for (let i = 0; i < a.n; i++)
      reversed.set(a.data.subarray(i * 16, (i + 1) * 16), (a.n - 1 - i) * 16);
    expect(frechetDistance(a, { data: reversed, n: a.n, d: 16 })).toBeLessThan(1e-8);
  });

  it('equals (μ₁ − μ₂)² + (s₁ − s₂)² in one dimension', () => {
    const rng = createRng(2);
    const n = 50_000;
    const a = rng.fillNormal(new Float64Array(n), 1, 2);
    const b = rng.fillNormal(new Float64Array(n), -0.5, 0.5);
    const fid = frechetDistance({ data: a, n, d: 1 }, { data: b, n, d: 1 });
    // Exact for the sample statistics (1-D covariances commute: Tr((c₁c₂)^½) = s₁s₂).
    const sa = featureStats({ data: a, n, d: 1 });
    const sb = featureStats({ data: b, n, d: 1 });
    const exact =
      ((sa.mean[0] as number) - (sb.mean[0] as number)) ** 2 +
      (Math.sqrt(sa.cov[0] as number) - Math.sqrt(sb.cov[0] as number)) ** 2;
    expect(fid).toBeCloseTo(exact, 10);
    // Population value (1 + 0.5)² + (2 − 0.5)² = 4.5. Sampling s.d. of the estimate at n = 5e4:
    // 2Δμ·√((4 + 0.25)/n) ≈ 0.028 from the means and 2Δσ·√((4 + 0.25)/(2n)) ≈ 0.020 from the
    // standard deviations, ≈ 0.034 in all; 0.15 is > 4 s.d. (and the seed is fixed).
    expect(Math.abs(fid - 4.5)).toBeLessThan(0.15);
  });

  it('is symmetric and grows with a mean shift as ‖Δμ‖²', () => {
    const rng = createRng(3);
    const a = correlated(rng, 300, 12);
    const b = correlated(rng, 250, 12, 0.4);
    const ab = frechetDistance(a, b);
    const ba = frechetDistance(b, a);
    expect(Math.abs(ab - ba) / ab).toBeLessThan(1e-9);
    // Shifting b by c·1 adds ‖Δμ + c·1‖² − ‖Δμ‖² = 2c·Σ Δμ + d·c².
    const sa = featureStats(a);
    const sb = featureStats(b);
    let sumDiff = 0;
    for (let j = 0; j < 12; j++) sumDiff += (sb.mean[j] as number) - (sa.mean[j] as number);
    const shifted = b.data.map((v) => v + 1);
    expect(frechetDistance(a, { data: shifted, n: b.n, d: 12 })).toBeCloseTo(
      ab + 2 * sumDiff + 12,
      8,
    );
  });

  it('is invariant under a rotation of the feature space', () => {
    const rng = createRng(4);
    const d = 6;
    const a = correlated(rng, 100, d);
    const b = correlated(rng, 80, d, 0.3);
    // Givens rotation of the first two coordinates by 0.7 rad.
    const rotate = (m: FeatureMatrix): FeatureMatrix => {
      const out = Float64Array.from(m.data);
      const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
      for (let i = 0; i < m.n; i++) {
        const x = m.data[i * d] as number;
        const y = m.data[i * d + 1] as number;
        out[i * d] = c * x - s * y;
        out[i * d + 1] = s * x + c * y;
      }
      return { data: out, n: m.n, d };
    };
    const fid = frechetDistance(a, b);
    expect(frechetDistance(rotate(a), rotate(b))).toBeCloseTo(fid, 9);
  });

  it('gives the same result for Float32 input as for the same values in Float64', () => {
    const rng = createRng(5);
    const a = correlated(rng, 60, 5);
    const b = correlated(rng, 60, 5, 1);
    const a32 = { ...a, data: Float32Array.from(a.data) };
    const b32 = { ...b, data: Float32Array.from(b.data) };
    const fid32 = frechetDistance(a32, b32);
    const fid64 = frechetDistance(
      { ...a, data: Float64Array.from(a32.data) },
      { ...b, data: Float64Array.from(b32.data) },
    );
    expect(fid32).toBe(fid64);
  });

  it('rejects mismatched widths, too few rows and malformed matrices', () => {
    const rng = createRng(6);
    const a = correlated(rng, 10, 4);
    expectMetricError(() => frechetDistance(a, correlated(rng, 10, 5)), 'E_SHAPE');
    expectMetricError(
      () => frechetDistance(a, { data: new Float64Array(4), n: 1, d: 4 }),
      'E_TOO_FEW_SAMPLES',
    );
    expectMetricError(
      () => frechetDistance(a, { data: new Float64Array(7), n: 2, d: 4 }),
      'E_SHAPE',
    );
    expectMetricError(
      () => frechetDistance({ data: [1, 2] as unknown as Float64Array, n: 1, d: 2 }, a),
      'E_SHAPE',
    );
    const bad = Float64Array.from(a.data);
    bad[17] = Number.NaN;
    expectMetricError(() => frechetDistance(a, { data: bad, n: 10, d: 4 }), 'E_NOT_FINITE');
  });
});

describe('frechetFromStats', () => {
  it('matches the closed form for diagonal (commuting) covariances', () => {
    // Tr((C₁C₂)^½) = Σ √(c₁ᵢ c₂ᵢ), so d² = ‖Δμ‖² + Σ (√c₁ᵢ − √c₂ᵢ)².
    const c1 = [4, 1, 0.25, 9];
    const c2 = [1, 1, 4, 0];
    const diag = (c: number[]) => {
      const m = new Float64Array(16);
      c.forEach((v, i) => {
        m[i * 5] = v;
      });
      return m;
    };
    const fid = frechetFromStats(
      { mean: new Float64Array([0, 1, 2, 3]), cov: diag(c1), d: 4 },
      { mean: new Float64Array([1, 1, 2, 1]), cov: diag(c2), d: 4 },
    );
    const expected =
      1 + 4 + c1.reduce((s, v, i) => s + (Math.sqrt(v) - Math.sqrt(c2[i] as number)) ** 2, 0);
    expect(fid).toBeCloseTo(expected, 12);
  });

  it('matches the closed form when C₁ = s·I: d² = ‖Δμ‖² + s·d + Tr C₂ − 2√s·Tr(C₂^½)', () => {
    // C₂ = [[2, 1], [1, 2]] has eigenvalues 1 and 3, so Tr(C₂^½) = 1 + √3.
    const fid = frechetFromStats(
      { mean: new Float64Array([0, 0]), cov: new Float64Array([4, 0, 0, 4]), d: 2 },
      { mean: new Float64Array([0, 0]), cov: new Float64Array([2, 1, 1, 2]), d: 2 },
    );
    expect(fid).toBeCloseTo(8 + 4 - 2 * 2 * (1 + Math.sqrt(3)), 12);
  });

  it('equals frechetDistance on the same sets and clamps round-off to 0', () => {
    const rng = createRng(7);
    const a = correlated(rng, 40, 8);
    const b = correlated(rng, 40, 8, 0.2);
    expect(frechetFromStats(featureStats(a), featureStats(b))).toBe(frechetDistance(a, b));
    const s = featureStats(a);
    const self = frechetFromStats(s, s);
    expect(self).toBeGreaterThanOrEqual(0);
    expect(self).toBeLessThan(1e-10);
  });

  it('rejects statistics of different widths, wrong lengths and asymmetric covariances', () => {
    const s2 = { mean: new Float64Array(2), cov: new Float64Array([1, 0, 0, 1]), d: 2 };
    const s3 = { mean: new Float64Array(3), cov: new Float64Array(9), d: 3 };
    expectMetricError(() => frechetFromStats(s2, s3), 'E_SHAPE');
    expectMetricError(() => frechetFromStats({ ...s2, cov: new Float64Array(3) }, s2), 'E_SHAPE');
    expectMetricError(() => frechetFromStats({ ...s2, mean: new Float64Array(3) }, s2), 'E_SHAPE');
    expectMetricError(
      () => frechetFromStats(s2, { ...s2, cov: new Float64Array([1, 0.5, 0, 1]) }),
      'E_INVALID_ARGUMENT',
    );
    expectMetricError(() => frechetFromStats(s2, { ...s2, d: 0 }), 'E_INVALID_ARGUMENT');
  });
});
