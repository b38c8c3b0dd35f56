import {
  checkFeaturePair,
  checkFeatures,
  checkInteger,
  checkMatrix,
  checkSameWidth,
  checkSymmetric,
} from './_checks';
import { MetricError } from './errors';
import type { FeatureMatrix } from './featureMatrix';
import { meanAndCovariance, sqrtPsd, symmetricEigen } from './linalg';

/** First two moments of a feature set: what the Fréchet distance needs of it. */
export interface FeatureStats {
  /** μ, length d. */
  readonly mean: Float64Array | Float32Array;
  /** Unbiased covariance C, row-major d×d, symmetric positive semi-definite. */
  readonly cov: Float64Array | Float32Array;
  /** Feature dimension. */
  readonly d: number;
}

/**
 * Mean μ and unbiased covariance C of the rows of a feature matrix (see
 * {@link meanAndCovariance}), e.g. to compute the statistics of the real data once and reuse
 * them with {@link frechetFromStats}.
 *
 * @example
 * const real = featureStats({ data: realFeatures, n: 10000, d: 128 });
 */
export function featureStats(features: FeatureMatrix): FeatureStats {
  checkFeatures(features, 'features', 'featureStats');
  const { mean, cov } = meanAndCovariance(features.data, features.n, features.d);
  return { mean, cov, d: features.d };
}

/**
 * Fréchet distance between two feature sets, each summarised by a Gaussian N(μ, C) with the
 * sample mean and unbiased covariance of its rows (Heusel et al. 2017, "FID" when the features
 * are Inception-v3 pool activations):
 * d² = ‖μ₁ − μ₂‖² + Tr(C₁) + Tr(C₂) − 2·Tr((C₁C₂)^½). See {@link frechetFromStats} for how the
 * trace of the square root is computed. Needs n ≥ 2 rows in each set, both of width d.
 *
 * @example
 * const fid = frechetDistance(
 *   { data: realFeatures, n: 5000, d: 128 },
 *   { data: fakeFeatures, n: 5000, d: 128 },
 * );
 */
export function frechetDistance(a: FeatureMatrix, b: FeatureMatrix): number {
  const fn = 'frechetDistance';
  checkFeaturePair(a, b, fn, 'an unbiased covariance');
  return frechetFromStats(featureStats(a), featureStats(b));
}

/**
 * Fréchet distance between N(μ₁, C₁) and N(μ₂, C₂):
 * d² = ‖μ₁ − μ₂‖² + Tr(C₁) + Tr(C₂) − 2·Tr((C₁C₂)^½), where Tr((C₁C₂)^½) = Σᵢ √λᵢ(S C₂ S) with
 * S = C₁^½: C₁C₂ = S(S C₂ S)S⁻¹ is similar to the symmetric PSD matrix S C₂ S, so the trace is
 * exact from two symmetric eigen-decompositions, even when C₁ or C₂ is singular (n ≤ d), with no
 * complex round-off as with a general `sqrtm`. Round-off below 0 (identical inputs) returns 0.
 *
 * @example
 * const fid = frechetFromStats(featureStats(real), featureStats(fake));
 */
export function frechetFromStats(stats1: FeatureStats, stats2: FeatureStats): number {
  const fn = 'frechetFromStats';
  checkStats(stats1, 'stats1', fn);
  checkStats(stats2, 'stats2', fn);
  checkSameWidth(stats1.d, stats2.d, fn);
  const d = stats1.d;
  const { mean: mu1, cov: c1 } = stats1;
  const { mean: mu2, cov: c2 } = stats2;

  let meanTerm = 0;
  for (let i = 0; i < d; i++) {
    const diff = (mu1[i] as number) - (mu2[i] as number);
    meanTerm += diff * diff;
  }
  let traces = 0;
  for (let i = 0; i < d; i++) traces += (c1[i * d + i] as number) + (c2[i * d + i] as number);

  const s = sqrtPsd(c1, d);
  const m = symmetricSandwich(s, c2, d);
  const { values } = symmetricEigen(m, d);
  let traceSqrt = 0;
  for (let i = 0; i < d; i++) traceSqrt += Math.sqrt(Math.max(values[i] as number, 0));

  const distance = meanTerm + traces - 2 * traceSqrt;
  return Math.max(distance, 0);
}

/** S·B·S for symmetric S and B (d×d), symmetrised so that round-off leaves it exactly symmetric. */
function symmetricSandwich(
  s: Float64Array,
  b: Float64Array | Float32Array,
  d: number,
): Float64Array {
  // t = B·S, then out = S·t; i-k-j loops walk rows contiguously.
  const t = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    for (let k = 0; k < d; k++) {
      const bik = b[rowI + k] as number;
      if (bik === 0) continue;
      const rowK = k * d;
      for (let j = 0; j < d; j++)
        t[rowI + j] = (t[rowI + j] as number) + bik * (s[rowK + j] as number);
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    for (let k = 0; k < d; k++) {
      const sik = s[rowI + k] as number;
      if (sik === 0) continue;
      const rowK = k * d;
      for (let j = 0; j < d; j++)
        out[rowI + j] = (out[rowI + j] as number) + sik * (t[rowK + j] as number);
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const v = 0.5 * ((out[i * d + j] as number) + (out[j * d + i] as number));
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

function checkStats(stats: FeatureStats, argument: string, fn: string): void {
  if (stats === null || typeof stats !== 'object') {
    throw new MetricError(
      'E_SHAPE',
      `${fn}: ${argument} must be feature statistics { mean, cov, d }, got ${String(stats)}`,
      { option: argument },
    );
  }
  checkInteger(stats.d, 1, `${argument}.d`, fn);
  checkMatrix(stats.mean, 1, stats.d, `${argument}.mean`, fn);
  checkMatrix(stats.cov, stats.d, stats.d, `${argument}.cov`, fn);
  checkSymmetric(stats.cov, stats.d, `${argument}.cov`, fn);
}
