import { LossError } from './errors';
import type { LossRegularizers } from './types';

/** A constraint on an option's value and how to say it: [test, "in [0, 0.5)"]. */
export type OptionCheck = [(v: number) => boolean, string];

/** Another name for an option, in another library's parameterisation: value ↦ `convert(value)`. */
export interface OptionAlias<K extends string> {
  option: K;
  check: OptionCheck;
  convert: (v: number) => number;
}

/** Per-key constraints and aliases of a loss's options. */
export interface OptionRules<D> {
  checks?: { [K in keyof D]?: OptionCheck };
  aliases?: Record<string, OptionAlias<keyof D & string>>;
}

/** Replaces each alias in `given` by the option it stands for (checked, converted). */
function applyAliases(
  loss: string,
  given: Record<string, number>,
  aliases: Record<string, OptionAlias<string>>,
): Record<string, number> {
  const out = { ...given };
  for (const [alias, { option, check, convert }] of Object.entries(aliases)) {
    if (!(alias in out)) continue;
    const value = out[alias] as number;
    if (option in out) {
      throw new LossError('E_BAD_OPTION', `loss "${loss}": give ${option} or ${alias}, not both`, {
        loss,
        option: alias,
      });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !check[0](value)) {
      throw new LossError(
        'E_BAD_OPTION',
        `loss "${loss}" option ${alias} must be ${check[1]}, got ${value}`,
        { loss, option: alias },
      );
    }
    delete out[alias];
    out[option] = convert(value);
  }
  return out;
}

/**
 * Merges `given` over `defaults`, rejecting unknown keys (listing the known ones and the
 * aliases) and non-finite values; `rules.checks` adds per-key constraints, `rules.aliases`
 * other names for options (translated first). The result is frozen.
 */
export function resolveOptions<D extends Record<string, number>>(
  loss: string,
  defaults: D,
  given: Record<string, number> = {},
  { checks = {}, aliases = {} }: OptionRules<D> = {},
): D {
  const known = [...Object.keys(defaults), ...Object.keys(aliases)];
  const out: Record<string, number> = { ...defaults };
  for (const [key, value] of Object.entries(
    applyAliases(loss, given, aliases as Record<string, OptionAlias<string>>),
  )) {
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
  for (const [key, check] of Object.entries(checks) as [string, OptionCheck][]) {
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
export const R1_CHECK = { r1Gamma: [(v: number) => v >= 0, '>= 0'] as OptionCheck };

/** The regularizers implied by the `r1Gamma` option. */
export function r1Regularizer(options: { r1Gamma: number }): LossRegularizers {
  return options.r1Gamma > 0 ? { r1: { gamma: options.r1Gamma } } : {};
}
