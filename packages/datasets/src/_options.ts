import { DatasetError } from './errors';

/** How a numeric option is checked. */
export type OptionRule = 'finite' | 'positive' | 'nonNegative' | 'positiveInteger';

const RULE_TEXT: Record<OptionRule, string> = {
  finite: 'a finite number',
  positive: 'a positive number',
  nonNegative: 'a number ≥ 0',
  positiveInteger: 'a positive integer',
};

function passes(value: number, rule: OptionRule): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule === 'positive') return value > 0;
  if (rule === 'nonNegative') return value >= 0;
  if (rule === 'positiveInteger') return Number.isInteger(value) && value >= 1;
  return true;
}

/**
 * Merges numeric options over their defaults, rejecting unknown keys (listing the known ones)
 * and values that break their rule, with an error naming `fn` and the option key.
 */
export function readOptions<T extends Record<string, number>>(
  fn: string,
  opts: unknown,
  defaults: T,
  rules: { readonly [K in keyof T]: OptionRule },
): T {
  if (opts === undefined || opts === null) return { ...defaults };
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new DatasetError('E_INVALID_ARGUMENT', `${fn}: options must be an object`, {
      option: 'options',
    });
  }
  const out: Record<string, number> = { ...defaults };
  for (const [key, value] of Object.entries(opts as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!(key in defaults)) {
      throw new DatasetError(
        'E_INVALID_ARGUMENT',
        `${fn}: unknown option "${key}"; known options: ${Object.keys(defaults).join(', ')}`,
        { option: key, known: Object.keys(defaults) },
      );
    }
    const rule = rules[key as keyof T];
    if (!passes(value as number, rule)) {
      throw new DatasetError(
        'E_INVALID_ARGUMENT',
        `${fn}: option ${key} must be ${RULE_TEXT[rule]}, got ${String(value)}`,
        { option: key, value },
      );
    }
    out[key] = value as number;
  }
  return out as T;
}

/** Throws unless `n` is a non-negative integer sample count. */
export function checkCount(fn: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `${fn}: n must be a non-negative integer, got ${n}`,
      {
        option: 'n',
        value: n,
      },
    );
  }
}

/** `value` when it is a positive integer, `fallback` when undefined; else an error naming `fn` and `key`. */
export function positiveIntegerOption(
  fn: string,
  key: string,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `${fn}: option ${key} must be a positive integer, got ${String(value)}`,
      { option: key, value },
    );
  }
  return value;
}
