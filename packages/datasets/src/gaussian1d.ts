import { gaussianMixture } from './_mixture';
import { readOptions } from './_options';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link gaussian1d}. */
export interface Gaussian1dOptions {
  /** μ, default 2. */
  mean?: number;
  /** σ, default 0.5. */
  std?: number;
}

/**
 * The 1-D Gaussian p_data = N(μ, σ²) of Goodfellow et al.'s Figure 1 (defaults μ = 2, σ = 0.5,
 * as in `theoryTable` of `@gantry/core`); density p(x) = exp(−(x−μ)²/(2σ²)) / (σ√(2π)).
 *
 * @example
 * gaussian1d().density?.([2]); // 1 / (0.5·√(2π)) ≈ 0.7979
 */
export function gaussian1d(opts?: Gaussian1dOptions): ToyDistribution {
  const o = readOptions(
    'gaussian1d',
    opts,
    { mean: 2, std: 0.5 },
    { mean: 'finite', std: 'positive' },
  );
  return gaussianMixture({
    name: 'gaussian1d',
    dim: 1,
    centres: [[o.mean]],
    std: o.std,
    options: o,
  });
}
