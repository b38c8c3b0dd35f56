// Cases of the config fuzz formats: a mutated `--config` file (YAML or JSON) planned the way
// `gantry train --config FILE` plans it (read within CONFIG_LIMITS, validated, resolved, the
// memory budget checked), without training.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rng } from '@gantry/core';
import { parse, stringify } from 'yaml';
import type { FuzzCase, FuzzFormat } from '../../datasets/fuzz/format';
import { mutate, pick } from '../../datasets/fuzz/mutate';
import { makeSpecial } from '../../datasets/fuzz/special';
import { planTraining } from '../src/commands/train';
import { checkAccepted, mutateSettings, SETTING_KEYS, validSettings } from './settings';

type Kind = 'yaml' | 'json';

/** Text spliced into a YAML config: tags, anchors and alias bombs, merges, documents, tabs. */
const YAML_SNIPPETS = [
  'out: !!js/regexp /a/b/\n',
  'out: !!binary aGVsbG8=\n',
  'seed: !custom 3\n',
  'a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
  'base: &base {k: 1}\nmerged:\n  <<: *base\n',
  '---\nsteps: 5\n',
  '\tsteps: 5\n',
  'steps: 5\nsteps: 6\n',
  'steps: .nan\n',
  'lrD: .inf\n',
  'batchSize: 0x40\n',
  'latentDim: 1e9\n',
  '? [a, b]\n: 1\n',
  `${'['.repeat(2000)}${']'.repeat(2000)}\n`,
  `${'k: '.repeat(400)}1\n`,
  '\uFEFFsteps: 5\n',
];

/** The text of a config: valid settings, mutated as values, as text, or both. */
function configText(rng: Rng, kind: Kind): { text: string; settings: Record<string, unknown> } {
  const valid = validSettings(rng);
  const settings = rng.int(5) === 0 ? valid : mutateSettings(rng, valid);
  let text = kind === 'json' ? JSON.stringify(settings, null, rng.int(3)) : stringify(settings);
  const way = rng.int(6);
  if (way === 0) {
    text = Buffer.from(mutate(rng, Buffer.from(text), 64)).toString('latin1');
  } else if (way === 1 && kind === 'yaml') {
    const lines = text.split('\n');
    lines.splice(rng.int(lines.length + 1), 0, pick(rng, YAML_SNIPPETS).trimEnd());
    text = lines.join('\n');
  } else if (way === 2) {
    // Many keys, or a file past the size limit.
    const n = pick(rng, [900, 1001, 5000, 20000]);
    const keys = Array.from({ length: n }, (_, i) => `${pick(rng, SETTING_KEYS)}${i}`);
    text =
      kind === 'json'
        ? JSON.stringify(Object.fromEntries(keys.map((k) => [k, 1])))
        : keys.map((k) => `${k}: 1`).join('\n');
  } else if (way === 3 && kind === 'json') {
    const depth = pick(rng, [10, 1000, 20000]);
    text = `{"generatorHidden": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
  }
  return { text, settings };
}

/** The config fuzz format of `kind`. */
export function configFormat(kind: Kind): FuzzFormat {
  return {
    async prepare(rng, dir) {
      const target = join(dir, kind === 'json' ? 'config.json' : 'config.yaml');
      const { text, settings } = configText(rng, kind);
      if (rng.int(25) === 0) await makeSpecial(rng, target, Buffer.from(text));
      else await writeFile(target, text);
      // A typed error names the file, or a key of the config.
      return { target, names: [target, ...Object.keys(settings)], data: settings };
    },
    async run(c: FuzzCase) {
      const plan = await planTraining({ config: c.target });
      if ('resume' in plan) return 'a config planned a resume';
      // Accepted: the file, parsed on its own, holds the settings that were planned.
      const text = await readFile(c.target, 'utf8');
      let given: unknown;
      try {
        given = kind === 'json' ? JSON.parse(text) : parse(text);
      } catch (error) {
        return `accepted a file that does not parse: ${(error as Error).message}`;
      }
      return checkAccepted(given as Record<string, unknown>, plan.config);
    },
  };
}
