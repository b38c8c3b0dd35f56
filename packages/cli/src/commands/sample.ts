import { sampleFromRun } from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { chooseBackend } from '../backend';
import { UsageError } from '../errors';
import { BACKEND_FLAG, checkFlags, numberFlag, RUN_FLAG } from '../flags';
import type { CliContext } from '../io';

const args = {
  run: RUN_FLAG,
  n: { type: 'string', description: 'number of samples (default 64)' },
  out: {
    type: 'string',
    description: 'PNG file to write (default samples.png)',
    valueHint: 'FILE',
  },
  seed: { type: 'string', description: 'noise seed (default 0)' },
  backend: BACKEND_FLAG,
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
        );
      const n = numberFlag('n', a.n, true) ?? 64;
      if (n < 1 || n > 4096)
        throw new UsageError('E_USAGE', `--n must be between 1 and 4096, got ${n}`);
      const seed = numberFlag('seed', a.seed, true) ?? 0;
      await chooseBackend((a.backend as 'auto' | undefined) ?? 'auto');
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
