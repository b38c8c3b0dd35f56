import { closestMatch } from '@gantry/core';
import type { z } from 'zod';

/** One problem of a configuration in plain words: the key at fault and what is wrong with it. */
export interface ConfigIssue {
  /** The key (`lrD`), with the index of a list item (`generatorHidden[0]`). */
  option: string;
  /** What is wrong, said after the key: `must be a number > 0, got -1`. */
  problem: string;
}

/** Keys compared loosely: case, `-`, `_` and spaces ignored (`batch_size` ≈ `batchSize`). */
const loose = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/** The known key nearest to a mistyped one (snake_case and kebab-case spellings included). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  return closestMatch(key, known, loose);
}

/** A value as the message shows it: numbers in full, strings quoted and cut, lists short. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 60
      ? `a string of ${value.length} characters ("${value.slice(0, 40)}…")`
      : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      // Nested too deep to print (JSON.stringify overflows the stack): just its length.
    }
    return text === undefined || text.length > 60 ? `a list of ${value.length} items` : text;
  }
  return 'a mapping';
}

const TYPE_WORDS: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  record: 'a mapping of names to numbers',
  object: 'a mapping',
};

const bound = (inclusive: boolean | undefined, low: boolean) =>
  low ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';

/** The values a union or enum allows, from its issue. */
function allowedValues(issue: z.core.$ZodIssue): unknown[] {
  if (issue.code === 'invalid_value') return [...issue.values];
  if (issue.code === 'invalid_union') return issue.errors.flat().flatMap(allowedValues);
  return [];
}

/** The problem a zod issue describes, in words, with the value that was given. */
function problemOf(issue: z.core.$ZodIssue, value: unknown): string {
  // zod reports a non-finite number as `received: 'Infinity'` with a null input.
  const received = (issue as { received?: unknown }).received;
  const got = `, got ${value === null && received !== undefined ? String(received) : showValue(value)}`;
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const low = issue.code === 'too_small';
      const limit = Number(low ? issue.minimum : issue.maximum);
      if (issue.origin === 'array') {
        return `must have ${low ? 'at least' : 'at most'} ${limit} items, got ${Array.isArray(value) ? value.length : showValue(value)}`;
      }
      if (issue.origin === 'string') {
        if (low && limit === 1) return 'must not be empty';
        return `must be ${low ? 'at least' : 'at most'} ${limit} characters long${got}`;
      }
      if (issue.origin === 'int') return `must be a whole number of at most 2^53 − 1${got}`;
      return `must be a number ${bound(issue.inclusive, low)} ${limit}${got}`;
    }
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}${got}`;
    case 'invalid_value':
    case 'invalid_union': {
      const values = allowedValues(issue);
      if (values.length === 0) return `is not valid${got}`;
      const words = values.map((v) => (typeof v === 'string' ? v : String(v)));
      const near =
        typeof value === 'string' ? closestMatch(value, words.map(String), loose) : undefined;
      const list = words.length === 2 ? `${words[0]} or ${words[1]}` : `one of ${words.join(', ')}`;
      return `must be ${list}${got}${near ? `; did you mean "${near}"?` : ''}`;
    }
    default:
      return `${issue.message.replace(/^Invalid input: /, 'must be ')}${got}`;
  }
}

/** The issues of a failed parse, one per key (the first), in the order zod found them. */
export function configIssues(error: z.ZodError, known: readonly string[]): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  // zod reports 2^60 both as unsafe for an integer and above the key's bound: say the bound.
  const unsafe = (i: z.core.$ZodIssue) => i.code === 'too_big' && i.origin === 'int';
  const ordered = [...error.issues.filter((i) => !unsafe(i)), ...error.issues.filter(unsafe)];
  for (const issue of ordered) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const near = suggestKey(key, known);
        out.push({
          option: key,
          problem: `is not a setting${near ? `; did you mean "${near}"?` : ''}`,
        });
      }
      continue;
    }
    const option = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`))
      .join('');
    if (seen.has(option)) continue;
    seen.add(option);
    out.push({ option: option || '(top level)', problem: problemOf(issue, issue.input) });
  }
  return out;
}

/**
 * A failed parse as a message: `where: "lrD" must be a number > 0, got -1`, one line per key;
 * unknown keys in one line with a "did you mean" each and the allowed keys.
 */
export function describeConfigIssues(
  error: z.ZodError,
  where: string,
  known: readonly string[],
): { message: string; issues: ConfigIssue[] } {
  const issues = configIssues(error, known);
  const unknown = new Set(
    error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [])),
  );
  const lines: string[] = [];
  const strays = issues.filter((i) => unknown.has(i.option));
  if (strays.length > 0) {
    const named = strays
      .map((i) => {
        const near = suggestKey(i.option, known);
        return `"${i.option}"${near ? `; did you mean "${near}"?` : ''}`;
      })
      .join(', ');
    lines.push(
      `${where}: unknown key${strays.length > 1 ? 's' : ''} ${named}; allowed keys: ${known.join(', ')}`,
    );
  }
  for (const i of issues)
    if (!unknown.has(i.option)) lines.push(`${where}: "${i.option}" ${i.problem}`);
  return { message: lines.join('\n'), issues };
}
