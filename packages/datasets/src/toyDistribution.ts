import type { Rng } from '@gantry/core';

/**
 * A distribution of low-dimensional points used to study GANs: seeded sampling and, where
 * defined, the exact density (for D* and JSD checks) and the mode centres (for mode coverage).
 */
export interface ToyDistribution {
  /** Registry name, e.g. `ring2d`. */
  readonly name: string;
  /** Dimension of a point. */
  readonly dim: 1 | 2;
  /** `n` points as n·dim values, row-major, drawn from `rng`. */
  sample(rng: Rng, n: number): Float32Array;
  /** Exact p(x) where defined. */
  density?(point: ArrayLike<number>): number;
  /** Exact log p(x) where defined, finite far from every mode (where p underflows to 0). */
  logDensity?(point: ArrayLike<number>): number;
  /** Mode centres where defined. */
  readonly modes?: readonly (readonly number[])[];
  /** σ of each mode (for "within 3σ" quality). */
  readonly modeStd?: number;
  /** The options in effect (defaults filled in). */
  readonly options: Readonly<Record<string, number>>;
}

/** True when `source` looks like a {@link ToyDistribution}. */
export function isToyDistribution(source: unknown): source is ToyDistribution {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { sample?: unknown }).sample === 'function' &&
    ((source as { dim?: unknown }).dim === 1 || (source as { dim?: unknown }).dim === 2)
  );
}
