import { closestMatch } from '@gantry/core';
import type { ArgsDef } from 'citty';
import { UsageError } from './errors';

/** Flags compared loosely: case, `-` and `_` ignored (`--batch_size`, `--batchSize`). */
const loose = (s: string) => s.toLowerCase().replace(/[-_]/g, '');

/**
 * Rejects flags a command does not define (citty ignores them silently): "unknown flag --stpes
 * for gantry train; did you mean --steps? known: …". Also rejects stray positional words.
 */
export function checkFlags(command: string, rawArgs: readonly string[], args: ArgsDef): void {
  const names = new Set<string>(['help', 'h']);
  const valueFlags = new Set<string>();
  const positional: string[] = [];
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') {
      positional.push(name);
      continue;
    }
    names.add(name);
    if (def.type === 'string' || def.type === 'enum') valueFlags.add(name);
    const aliases =
      'alias' in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    for (const a of aliases) {
      names.add(a);
      if (def.type === 'string' || def.type === 'enum') valueFlags.add(a);
    }
  }
  let positionals = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') {
      positionals += 1;
      if (positionals > positional.length) {
        throw new UsageError('E_USAGE', `unexpected argument "${arg}" for ${command}`, {
          option: arg,
        });
      }
      continue;
    }
    const [flag = '', inlineValue] = arg.replace(/^--?/, '').split(/=(.*)/s);
    if (!arg.startsWith('--') && flag.length > 1) {
      // citty reads -steps as -s -t -e -p -s: a long flag needs two dashes.
      throw new UsageError(
        'E_USAGE',
        `${arg} for ${command}: a flag of more than one letter takes two dashes (--${flag})`,
        { option: flag },
      );
    }
    const plain = flag.startsWith('no-') && !names.has(flag) ? flag.slice(3) : flag;
    if (!names.has(plain)) {
      const known = [...names].filter((n) => n.length > 1);
      const near = closestMatch(flag, known, loose);
      throw new UsageError(
        'E_USAGE',
        `unknown flag --${flag} for ${command}; ${near ? `did you mean --${near}? ` : ''}known: ${known.map((n) => `--${n}`).join(', ')}`,
        { option: flag },
      );
    }
    if (valueFlags.has(plain) && inlineValue === undefined) {
      const next = rawArgs[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError('E_USAGE', `flag --${plain} of ${command} needs a value`, {
          option: plain,
        });
      }
      i++;
    }
  }
}

/** Parses a flag value as a number, or throws a usage error naming the flag. */
export function numberFlag(
  name: string,
  value: string | undefined,
  integer = false,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      'E_USAGE',
      `--${name} expects ${integer ? 'an integer' : 'a number'}, got "${value}"`,
      { option: name },
    );
  }
  return n;
}

/**
 * Parses a flag value as a number in [min, max], or throws a usage error naming the flag and
 * the range (for the flags of commands other than `train`, whose bounds are the trainer's).
 */
export function boundedFlag(
  name: string,
  value: string | undefined,
  range: { min: number; max: number; integer?: boolean },
): number | undefined {
  const n = numberFlag(name, value, range.integer ?? false);
  if (n !== undefined && (n < range.min || n > range.max)) {
    throw new UsageError(
      'E_USAGE',
      `--${name} must be between ${range.min} and ${range.max}, got ${n}`,
      { option: name },
    );
  }
  return n;
}

/** The seeds `--seed` takes: integers that a double holds exactly. */
export const SEED_RANGE = Object.freeze({
  min: -Number.MAX_SAFE_INTEGER,
  max: Number.MAX_SAFE_INTEGER,
  integer: true,
});

/** `--run DIR`, as `gantry sample` and `gantry eval` take it. */
export const RUN_FLAG = {
  type: 'string',
  description: 'run folder written by gantry train',
  valueHint: 'DIR',
} as const;

/**
 * `--threads N`: threads of a backend that takes a count (native). At most 1,024: more than the
 * cores of any machine this runs on, and each thread is an OS thread of the pool.
 */
export const THREADS_FLAG = {
  type: 'string',
  description: 'threads for a backend that takes a count (native; default: every core)',
  valueHint: 'N',
} as const;

/** The range `--threads` takes. */
export const THREADS_RANGE = Object.freeze({ min: 1, max: 1_024, integer: true });

/** `--backend NAME`, as every command that computes takes it. */
export const BACKEND_FLAG = {
  type: 'string',
  description: 'auto, tensorflow, native, wasm or cpu (default auto)',
  valueHint: 'NAME',
} as const;
