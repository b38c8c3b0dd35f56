import { join, resolve } from 'node:path';
import { atomicWriteFile } from '@gantry/core/node';
import { renderRunReport, renderSweepReport } from '@gantry/report';
import { RUN_FILES } from '@gantry/trainer';
import { defineCommand } from 'citty';
import { UsageError } from '../errors';
import { checkFlags, RUN_FLAG } from '../flags';
import type { CliContext } from '../io';
import { runReportInput, sweepReportInput } from '../reportData';

const args = {
  run: RUN_FLAG,
  sweep: {
    type: 'string',
    description: 'sweep folder (with summary.json) written by gantry sweep',
    valueHint: 'DIR',
  },
  out: {
    type: 'string',
    description: `HTML file to write (default <run or sweep>/${RUN_FILES.report})`,
    valueHint: 'FILE',
  },
} as const;

/** `gantry report --run DIR | --sweep DIR [--out FILE]`. */
export function reportCommand({ io }: CliContext) {
  return defineCommand({
    meta: {
      name: 'report',
      description:
        'Write one self-contained HTML page of a run (curves, D outputs, samples over time, eval, config) or of a sweep (its jobs compared)',
    },
    args,
    async run({ args: a, rawArgs }) {
      checkFlags('gantry report', rawArgs, args);
      if ((a.run === undefined) === (a.sweep === undefined)) {
        throw new UsageError(
          'E_USAGE',
          'gantry report needs one of --run DIR (a folder written by gantry train) or --sweep DIR (a folder written by gantry sweep)',
        );
      }
      const dir = (a.run ?? a.sweep) as string;
      const warn = (message: string) => io.stderr(`warning: ${message}\n`);
      const html =
        a.run !== undefined
          ? renderRunReport(await runReportInput(dir, warn))
          : renderSweepReport(await sweepReportInput(dir));
      const out = resolve(a.out ?? join(dir, RUN_FILES.report));
      await atomicWriteFile(out, html);
      io.stdout(`${out}\n`);
      io.stderr(
        `wrote ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB: one page, nothing fetched (open it offline, or mail it)\n`,
      );
    },
  });
}
