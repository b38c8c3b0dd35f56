import { gaussianMixture } from './_mixture';
import { readOptions } from './_options';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link ring2d}. */
export interface Ring2dOptions {
  /** Number of Gaussians K, default 8. */
  modes?: number;
  /** Radius r of the circle, default 2. */
  radius?: number;
  /** σ of each Gaussian, default 0.02. */
  std?: number;
}

/**
 * K Gaussians on a circle (the mixture of Metz et al.'s unrolled GAN): centres
 * μ_k = r·(cos 2πk/K, sin 2πk/K), k = 0 … K−1 (K distinct angles: not `linspace(0, 2π, K)`,
 * which repeats angle 0 as 2π and leaves K−1 modes), equal weights, covariance σ²I.
 *
 * @example
 * ring2d().modes?.length; // 8
 */
export function ring2d(opts?: Ring2dOptions): ToyDistribution {
  const o = readOptions(
    'ring2d',
    opts,
    { modes: 8, radius: 2, std: 0.02 },
    { modes: 'positiveInteger', radius: 'positive', std: 'positive' },
  );
  const centres = Array.from({ length: o.modes }, (_, k) => {
    const angle = (2 * Math.PI * k) / o.modes;
    return [o.radius * Math.cos(angle), o.radius * Math.sin(angle)];
  });
  return gaussianMixture({ name: 'ring2d', dim: 2, centres, std: o.std, options: o });
}
