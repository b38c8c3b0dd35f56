// `gantry train FLAGS…`: mutated flag vectors (edge and malformed values, misspelt, repeated,
// missing-value and unknown flags, stray words, a --config beside them) parsed and planned as
// the CLI does (citty, checkFlags, planTraining), without training.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGantryError, type Rng } from '@gantry/core';
import { TRAIN_LIMITS } from '@gantry/trainer';
import { parseArgs } from 'citty';
import { stringify } from 'yaml';
import type { FuzzFormat } from '../../../datasets/fuzz/format';
import { pick } from '../../../datasets/fuzz/mutate';
import { planTraining } from '../../src/commands/train';
import { TRAIN_ARGS, TRAIN_FLAG_KEYS } from '../../src/commands/trainFlags';
import { checkFlags } from '../../src/flags';
import { flagWords } from '../../src/optionFlags';
import { misspell, validSettings } from '../settings';

const FLAG_OF = Object.fromEntries(Object.entries(TRAIN_FLAG_KEYS).map(([f, [key]]) => [key, f]));

/** Flag values that are malformed or at the edges of the bounds. */
const VALUES = [
  '0',
  '-1',
  '-0',
  '0.5',
  '1e9',
  '1e12',
  '1e400',
  'NaN',
  'Infinity',
  '',
  ' 5',
  '5abc',
  '0x10',
  '1_000',
  '--',
  '-',
  'x'.repeat(10_000),
  String(TRAIN_LIMITS.steps + 1),
  String(TRAIN_LIMITS.batchSize + 1),
  'a=1,b',
  'a=1,,b=2',
  '=3',
  'a=1e9',
];

/** One mutation of the flag vector. */
function mutateArgs(rng: Rng, args: string[], flags: string[]): string[] {
  const out = [...args];
  const flag = pick(rng, flags);
  const way = rng.int(9);
  if (way <= 2) out.push(`--${flag}`, pick(rng, VALUES));
  else if (way === 3) out.push(`--${flag}=${pick(rng, VALUES)}`);
  else if (way === 4) out.push(`--${misspell(rng, flag)}`, '5');
  else if (way === 5)
    out.push(`--${flag}`); // no value
  else if (way === 6)
    out.splice(rng.int(out.length + 1), 0, pick(rng, ['stray', '-x', '---', '-']));
  else if (way === 7) out.push(`-${flag}`, '5');
  else out.push(pick(rng, ['--json', '--no-json', '--resume', '--', '--json=1']));
  return out;
}

/** The value the last `--flag V` or `--flag=V` (`-k V` for a one-letter flag) of `argv` gives. */
function lastValue(argv: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === `--${flag}` || (flag.length === 1 && arg === `-${flag}`)) value = argv[++i];
    else if (arg.startsWith(`--${flag}=`)) value = arg.slice(flag.length + 3);
  }
  return value;
}

export default {
  async prepare(rng, dir) {
    const settings = validSettings(rng);
    let argv = Object.entries(settings)
      .filter(([key]) => FLAG_OF[key] !== undefined)
      .flatMap(([key, value]) => [
        `--${FLAG_OF[key]}`,
        typeof value === 'object'
          ? Object.entries(value as object)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')
          : String(value),
      ]);
    let fileKeys: string[] = [];
    if (rng.int(5) === 0) {
      const config = join(dir, 'c.yaml');
      const file = validSettings(rng);
      fileKeys = Object.keys(file);
      await writeFile(config, stringify(file));
      argv.push('--config', config);
    }
    const flags = Object.keys(TRAIN_ARGS);
    for (let i = 0, n = rng.int(4); i < n; i++) argv = mutateArgs(rng, argv, flags);
    // A typed error names a flag or word of the vector, or a setting of the config file.
    const names = [
      ...argv
        .filter((a) => a.startsWith('-'))
        .map((a) => `--${(a.split('=')[0] as string).replace(/^-+/, '')}`),
      ...argv.map((a) => `"${a.startsWith('--') ? a.replace(/^[^=]*=/, '') : a}"`), // a value quoted
      join(dir, 'c.yaml'),
      ...fileKeys.map((k) => (FLAG_OF[k] ? `--${FLAG_OF[k]}` : k)),
    ].filter((a) => a.length > 1);
    return { target: dir, names, data: argv };
  },
  async run(c) {
    const argv = c.data as string[];
    let plan: Awaited<ReturnType<typeof planTraining>>;
    try {
      checkFlags('gantry train', argv, TRAIN_ARGS);
      plan = await planTraining(parseArgs(argv, TRAIN_ARGS));
    } catch (error) {
      // As the CLI prints it: options named by their flags.
      if (isGantryError(error)) error.message = flagWords(error.message);
      throw error;
    }
    if ('resume' in plan) return lastValue(argv, 'resume') ? undefined : 'a resume without a run';
    // Accepted: every number flag set its key to the number written.
    const config = plan.config as unknown as Record<string, unknown>;
    for (const [flag, [key, kind]] of Object.entries(TRAIN_FLAG_KEYS)) {
      const text = lastValue(argv, flag);
      if (text === undefined || (kind !== 'int' && kind !== 'number') || !(key in config)) continue;
      if (config[key] !== Number(text)) return `--${flag} ${text} set ${key} to ${config[key]}`;
    }
    return undefined;
  },
} satisfies FuzzFormat;
