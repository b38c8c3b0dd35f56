import { sampleFromRun } from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { chooseBackend } from '../backend';
import { UsageError } from '../errors';
import {
  BACKEND_FLAG,
  boundedFlag,
  checkFlags,
  RUN_FLAG,
  SEED_RANGE,
  THREADS_FLAG,
  THREADS_RANGE,
} from '../flags';
import type { CliContext } from '../io';

const args = {
  run: RUN_FLAG,
  n: {
    type: 'string',
    description: 'number of samples (default 64, at most 4096)',
    valueHint: 'N',
  },
  out: {
    type: 'string',
    description: 'PNG file to write (default samples.png)',
    valueHint: 'FILE',
  },
  seed: { type: 'string', description: 'noise seed (default 0)', valueHint: 'N' },
  backend: BACKEND_FLAG,
  threads: THREADS_FLAG,
} as const;

/** `gantry sample`. */
export function sampleCommand({ io }: CliContext) {
  return defineCommand({
    meta: { name: 'sample', description: "Draw samples from a run's generator into a PNG grid" },
    args,
    async run({ args: a, rawArgs }) {
      checkFlags('gantry sample', rawArgs, args);
      if (typeof a.run !== 'string')
        throw new UsageError(
          'E_USAGE',
          'gantry sample needs --run DIR (a folder written by gantry train)',
          { option: 'run' },
        );
      const n = boundedFlag('n', a.n, { min: 1, max: 4096, integer: true }) ?? 64;
      const seed = boundedFlag('seed', a.seed, SEED_RANGE) ?? 0;
      const threads = boundedFlag('threads', a.threads, THREADS_RANGE);
      await chooseBackend((a.backend as 'auto' | undefined) ?? 'auto', [], threads);
      // Checks `out` (a .png in a folder that exists) before the generator is loaded.
      const { path, shape } = await sampleFromRun({
        run: a.run,
        n,
        seed,
        out: a.out ?? 'samples.png',
      });
      io.stdout(`${path} (${shape.join('x')})\n`);
    },
  });
}
