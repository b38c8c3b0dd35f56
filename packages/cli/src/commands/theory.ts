import { formatTheoryTable, GLOBAL_MINIMUM_C, theoryTable } from '@gantry/core';
import { defineCommand } from 'citty';
import { UsageError } from '../errors';
import { checkFlags, numberFlag } from '../flags';
import type { CliContext } from '../io';

const args = {
  steps: { type: 'string', description: 'rows of the table (default 11)' },
  'data-mean': { type: 'string', description: 'mean of p_data (default 2)' },
  'data-std': { type: 'string', description: 'standard deviation of p_data (default 0.5)' },
  'start-mean': { type: 'string', description: 'mean of p_g at t = 0 (default -1)' },
  'start-std': { type: 'string', description: 'standard deviation of p_g at t = 0 (default 1.5)' },
  json: { type: 'boolean', description: 'print the rows as JSON' },
} as const;

/** `gantry theory`: the Figure 1 table of Goodfellow et al. (2014). */
export function theoryCommand({ io }: CliContext) {
  return defineCommand({
    meta: {
      name: 'theory',
      description: 'Tabulate JSD, C(G) and D* as p_g moves onto p_data (Figure 1 setting)',
    },
    args,
    run({ args: a, rawArgs }) {
      checkFlags('gantry theory', rawArgs, args);
      const steps = numberFlag('steps', a.steps, true) ?? 11;
      if (steps < 2 || steps > 1000)
        throw new UsageError('E_USAGE', `--steps must be between 2 and 1000, got ${steps}`);
      const dataStd = numberFlag('data-std', a['data-std']) ?? 0.5;
      const startStd = numberFlag('start-std', a['start-std']) ?? 1.5;
      if (dataStd <= 0 || startStd <= 0)
        throw new UsageError('E_USAGE', '--data-std and --start-std must be positive');
      const options = {
        steps,
        dataMean: numberFlag('data-mean', a['data-mean']) ?? 2,
        dataStd,
        startMean: numberFlag('start-mean', a['start-mean']) ?? -1,
        startStd,
      };
      const rows = theoryTable(options);
      if (a.json) {
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      io.stdout(
        `p_data = N(${options.dataMean}, ${options.dataStd}^2); p_g moves from N(${options.startMean}, ${options.startStd}^2) onto it.\n` +
          `C(G) = -log 4 + 2*JSD(p_data||p_g); minimum ${GLOBAL_MINIMUM_C.toFixed(6)} at p_g = p_data, where D* = 1/2.\n\n` +
          `${formatTheoryTable(rows)}\n`,
      );
    },
  });
}
