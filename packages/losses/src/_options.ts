import { LossError } from './errors';
import type { LossRegularizers } from './types';

/**
 * Merges `given` over `defaults`, rejecting unknown keys (listing the known ones) and
 * non-finite values; `checks` adds per-key constraints. The result is frozen.
 */
export function resolveOptions<D extends Record<string, number>>(
  loss: string,
  defaults: D,
  given: Record<string, number> = {},
  checks: { [K in keyof D]?: [(v: number) => boolean, string] } = {},
): D {
  const known = Object.keys(defaults);
  const out: Record<string, number> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (!known.includes(key)) {
      throw new LossError(
        'E_UNKNOWN_OPTION',
        `loss "${loss}" has no option "${key}"; known: ${known.length ? known.join(', ') : '(none)'}`,
        { loss, option: key },
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new LossError(
        'E_BAD_OPTION',
        `loss "${loss}" option ${key} must be a finite number, got ${value}`,
        {
          loss,
          option: key,
        },
      );
    }
    out[key] = value;
  }
  for (const [key, check] of Object.entries(checks) as [
    string,
    [(v: number) => boolean, string],
  ][]) {
    const value = out[key] as number;
    if (!check[0](value)) {
      throw new LossError(
        'E_BAD_OPTION',
        `loss "${loss}" option ${key} must be ${check[1]}, got ${value}`,
        {
          loss,
          option: key,
        },
      );
    }
  }
  return Object.freeze(out) as D;
}

/** The R1 option every loss accepts: `r1Gamma` > 0 turns on (γ/2)·E‖∇ₓD(x)‖² on real data. */
export const R1_DEFAULT = { r1Gamma: 0 } as const;
export const R1_CHECK = {
  r1Gamma: [(v: number) => v >= 0, '>= 0'] as [(v: number) => boolean, string],
};

/** The regularizers implied by the `r1Gamma` option. */
export function r1Regularizer(options: { r1Gamma: number }): LossRegularizers {
  return options.r1Gamma > 0 ? { r1: { gamma: options.r1Gamma } } : {};
}
