import type { Rng } from '@gantry/core';
import { checkCount, readOptions } from './_options';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link swissRoll2d}. */
export interface SwissRoll2dOptions {
  /** σ of the Gaussian noise added to each coordinate before scaling, default 0.25. */
  noise?: number;
  /** Factor applied last, default 1/7.5 (points then lie within about ±2). */
  scale?: number;
}

/**
 * The 2-D Swiss roll of the WGAN-GP toy experiments (scikit-learn's `make_swiss_roll` keeping x
 * and z, divided by 7.5): t = 1.5π(1 + 2u), u ~ U[0, 1); x = scale·(t cos t + ε₁),
 * y = scale·(t sin t + ε₂), ε ~ N(0, noise²). No closed-form density.
 *
 * @example
 * swissRoll2d().sample(createRng(1), 256); // 512 values
 */
export function swissRoll2d(opts?: SwissRoll2dOptions): ToyDistribution {
  const o = readOptions(
    'swissRoll2d',
    opts,
    { noise: 0.25, scale: 1 / 7.5 },
    { noise: 'nonNegative', scale: 'positive' },
  );
  return Object.freeze({
    name: 'swissRoll2d',
    dim: 2 as const,
    options: Object.freeze({ ...o }),
    sample(rng: Rng, n: number): Float32Array {
      checkCount('swissRoll2d.sample', n);
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const t = 1.5 * Math.PI * (1 + 2 * rng.next());
        out[2 * i] = o.scale * (t * Math.cos(t) + o.noise * rng.normal());
        out[2 * i + 1] = o.scale * (t * Math.sin(t) + o.noise * rng.normal());
      }
      return out;
    },
  });
}
