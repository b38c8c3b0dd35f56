import { formatTheoryTable, GLOBAL_MINIMUM_C, theoryTable } from '@gantry/core';
import { defineCommand } from 'citty';
import { boundedFlag, checkFlags } from '../flags';
import type { CliContext } from '../io';

const args = {
  steps: { type: 'string', description: 'rows of the table (default 11)' },
  'data-mean': { type: 'string', description: 'mean of p_data (default 2)' },
  'data-std': { type: 'string', description: 'standard deviation of p_data (default 0.5)' },
  'start-mean': { type: 'string', description: 'mean of p_g at t = 0 (default -1)' },
  'start-std': { type: 'string', description: 'standard deviation of p_g at t = 0 (default 1.5)' },
  json: { type: 'boolean', description: 'print the rows as JSON' },
} as const;

/** Means and standard deviations of the table: any sane scale (the integration grid follows it). */
const MEAN = { min: -1e6, max: 1e6 };
const STD = { min: 1e-6, max: 1e6 };

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
      const steps = boundedFlag('steps', a.steps, { min: 2, max: 1000, integer: true }) ?? 11;
      const options = {
        steps,
        dataMean: boundedFlag('data-mean', a['data-mean'], MEAN) ?? 2,
        dataStd: boundedFlag('data-std', a['data-std'], STD) ?? 0.5,
        startMean: boundedFlag('start-mean', a['start-mean'], MEAN) ?? -1,
        startStd: boundedFlag('start-std', a['start-std'], STD) ?? 1.5,
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
