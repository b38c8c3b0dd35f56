import { DatasetError } from './errors';
import { gaussian1d } from './gaussian1d';
import { grid2d } from './grid2d';
import { ring2d } from './ring2d';
import { spiral2d } from './spiral2d';
import { swissRoll2d } from './swissRoll2d';
import type { ToyDistribution } from './toyDistribution';

// biome-ignore lint/suspicious/noExplicitAny: each factory checks its own options.
type Factory = (opts?: any) => ToyDistribution;

/** The toy distributions by name, with a one-line description and their dimension. */
export const TOY_DISTRIBUTIONS: Readonly<
  Record<string, { create: Factory; description: string; dim: 1 | 2 }>
> = Object.freeze({
  gaussian1d: {
    create: gaussian1d,
    dim: 1,
    description: "1-D N(2, 0.5²), the setting of Goodfellow et al.'s Figure 1",
  },
  ring2d: {
    create: ring2d,
    dim: 2,
    description: '8 Gaussians (σ 0.02) on a circle of radius 2',
  },
  grid2d: {
    create: grid2d,
    dim: 2,
    description: '5×5 Gaussians (σ 0.05) at {−4, −2, 0, 2, 4}²',
  },
  swissRoll2d: {
    create: swissRoll2d,
    dim: 2,
    description: '2-D Swiss roll (scikit-learn make_swiss_roll, noise 0.25, ÷7.5)',
  },
  spiral2d: {
    create: spiral2d,
    dim: 2,
    description: 'two interleaved spirals of 1.5 turns',
  },
});

const canonical = (name: string) => name.toLowerCase().replace(/[-_\s]/g, '');

/**
 * A toy distribution by name (case, `-` and `_` ignored: `swiss-roll-2d` finds `swissRoll2d`),
 * with its options; an unknown name throws an error listing the known ones.
 *
 * @example
 * const ring = getToyDistribution('ring2d', { radius: 3 });
 */
export function getToyDistribution(name: string, opts?: Record<string, number>): ToyDistribution {
  const key = Object.keys(TOY_DISTRIBUTIONS).find((k) => canonical(k) === canonical(String(name)));
  if (key === undefined) {
    throw new DatasetError(
      'E_UNKNOWN_NAME',
      `unknown toy distribution "${name}"; known: ${Object.keys(TOY_DISTRIBUTIONS).join(', ')}`,
      { option: 'name', value: name, known: Object.keys(TOY_DISTRIBUTIONS) },
    );
  }
  return (TOY_DISTRIBUTIONS[key] as { create: Factory }).create(opts);
}
