import type { Rng } from '@gantry/core';
import { checkCount, readOptions } from './_options';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link spiral2d}. */
export interface Spiral2dOptions {
  /** Number of interleaved arms A, default 2. */
  arms?: number;
  /** Turns of each arm T, default 1.5 (540°). */
  turns?: number;
  /** σ of the Gaussian noise added to each coordinate before scaling, default 0.3. */
  noise?: number;
  /** Factor applied last, default 1/3. */
  scale?: number;
}

/**
 * Interleaved Archimedean spirals (the "two spirals" toy): arm a ~ U{0 … A−1},
 * θ = 2πT·√u, u ~ U[0, 1) (uniform along the arm's length); the point r = θ at angle θ + 2πa/A:
 * x = scale·(θ cos(θ + 2πa/A) + ε₁), y = scale·(θ sin(θ + 2πa/A) + ε₂), ε ~ N(0, noise²).
 * No closed-form density.
 *
 * @example
 * spiral2d({ arms: 3 }).sample(createRng(1), 100);
 */
export function spiral2d(opts?: Spiral2dOptions): ToyDistribution {
  const o = readOptions(
    'spiral2d',
    opts,
    { arms: 2, turns: 1.5, noise: 0.3, scale: 1 / 3 },
    { arms: 'positiveInteger', turns: 'positive', noise: 'nonNegative', scale: 'positive' },
  );
  return Object.freeze({
    name: 'spiral2d',
    dim: 2 as const,
    options: Object.freeze({ ...o }),
    sample(rng: Rng, n: number): Float32Array {
      checkCount('spiral2d.sample', n);
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const arm = o.arms === 1 ? 0 : rng.int(o.arms);
        const theta = 2 * Math.PI * o.turns * Math.sqrt(rng.next());
        const angle = theta + (2 * Math.PI * arm) / o.arms;
        out[2 * i] = o.scale * (theta * Math.cos(angle) + o.noise * rng.normal());
        out[2 * i + 1] = o.scale * (theta * Math.sin(angle) + o.noise * rng.normal());
      }
      return out;
    },
  });
}
