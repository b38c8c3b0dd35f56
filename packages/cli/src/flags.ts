import type { ArgsDef } from 'citty';
import { UsageError } from './errors';

/**
 * Rejects flags a command does not define (citty ignores them silently): "unknown flag --x
 * for gantry train; known: …". Also rejects stray positional words.
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
        throw new UsageError('E_USAGE', `unexpected argument "${arg}" for ${command}`);
      }
      continue;
    }
    const [flag = '', inlineValue] = arg.replace(/^--?/, '').split(/=(.*)/s);
    const plain = flag.startsWith('no-') && !names.has(flag) ? flag.slice(3) : flag;
    if (!names.has(plain)) {
      const known = [...names].filter((n) => n.length > 1).map((n) => `--${n}`);
      throw new UsageError(
        'E_USAGE',
        `unknown flag --${flag} for ${command}; known: ${known.join(', ')}`,
      );
    }
    if (valueFlags.has(plain) && inlineValue === undefined) {
      const next = rawArgs[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError('E_USAGE', `flag --${plain} of ${command} needs a value`);
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
    );
  }
  return n;
}

/** `--run DIR`, as `gantry sample` and `gantry eval` take it. */
export const RUN_FLAG = {
  type: 'string',
  description: 'run folder written by gantry train',
  valueHint: 'DIR',
} as const;

/** `--backend NAME`, as every command that computes takes it. */
export const BACKEND_FLAG = {
  type: 'string',
  description: 'auto, tensorflow, native, wasm or cpu (default auto)',
} as const;
