import { gaussianMixture } from './_mixture';
import { readOptions } from './_options';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link grid2d}. */
export interface Grid2dOptions {
  /** Gaussians per side n, default 5. */
  size?: number;
  /** Distance between neighbouring centres, default 2. */
  spacing?: number;
  /** σ of each Gaussian, default 0.05. */
  std?: number;
}

/**
 * An n×n grid of Gaussians centred on the origin: centres (spacing·(i − (n−1)/2),
 * spacing·(j − (n−1)/2)), so {−4, −2, 0, 2, 4}² by default, equal weights, covariance σ²I
 * (σ = 0.05).
 *
 * @example
 * grid2d().modes?.length; // 25
 */
export function grid2d(opts?: Grid2dOptions): ToyDistribution {
  const o = readOptions(
    'grid2d',
    opts,
    { size: 5, spacing: 2, std: 0.05 },
    { size: 'positiveInteger', spacing: 'positive', std: 'positive' },
  );
  const centres: number[][] = [];
  const half = (o.size - 1) / 2;
  for (let i = 0; i < o.size; i++) {
    for (let j = 0; j < o.size; j++) centres.push([o.spacing * (i - half), o.spacing * (j - half)]);
  }
  return gaussianMixture({ name: 'grid2d', dim: 2, centres, std: o.std, options: o });
}
