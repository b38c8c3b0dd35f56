import { resolve } from 'node:path';
import { evaluateRun, writeEvalReport } from '@gantry/eval/node';
import { trainingKernels } from '@gantry/models';
import {
  countSweepJobs,
  describeSweepEvent,
  expandSweep,
  parseSweepFile,
  type SweepSummary,
} from '@gantry/trainer';
import {
  enqueueSweep,
  type JobCommandFactory,
  readSweepSummary,
  runSweepJobProcess,
  runSweepLocal,
  type SweepPlan,
  sweepSummaryPath,
  watchSweep,
} from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { chooseBackend } from '../backend';
import { EXIT, UsageError } from '../errors';
import { checkFlags, numberFlag } from '../flags';
import type { CliContext, CliIO } from '../io';
import { readSettingsFile } from './configFile';

const OUT_FLAG = {
  type: 'string',
  description: 'the sweep folder: summary.json and one run folder per job',
  valueHint: 'DIR',
} as const;
const QUEUE_FLAG = {
  type: 'string',
  description: 'Redis of a BullMQ queue, e.g. redis://HOST:6379 (gantry worker takes the jobs)',
  valueHint: 'URL',
} as const;

const args = {
  config: {
    type: 'string',
    description: 'sweep file (YAML or JSON): base (train config keys) and grid (key → list)',
    valueHint: 'FILE',
  },
  out: OUT_FLAG,
  parallel: {
    type: 'string',
    description:
      'jobs at once on this machine (default: cores ÷ GANTRY_NATIVE_THREADS, else cores)',
  },
  eval: { type: 'boolean', description: 'score each finished job as gantry eval does (eval.json)' },
  attempts: {
    type: 'string',
    description: 'starts of a job before it counts as failed (default 2)',
  },
  queue: QUEUE_FLAG,
  detach: { type: 'boolean', description: 'with --queue: put the jobs on the queue and return' },
} as const;

/** The command a job's process runs: this gantry's own `sweep run-job`. */
export function jobCommand(io: CliIO): JobCommandFactory {
  const entry = io.env['GANTRY_CLI_ENTRY'] ?? process.argv[1] ?? 'gantry';
  return ({ dir, id, eval: score }) => ({
    file: process.execPath,
    args: [entry, 'sweep', 'run-job', '--out', dir, '--job', id, ...(score ? ['--eval'] : [])],
  });
}

/** Required string flag, or a usage error naming it. */
function required(a: Record<string, unknown>, name: string, command: string): string {
  const value = a[name];
  if (typeof value !== 'string' || value === '') {
    throw new UsageError('E_USAGE', `${command} needs --${name}`);
  }
  return value;
}

/** The sweep file as a plan: validated, expanded (unknown key or bad value: exit 2). */
async function readPlan(file: string): Promise<SweepPlan> {
  const sweep = parseSweepFile(await readSettingsFile(file), `--config ${file}`);
  return { ...sweep, file, jobs: expandSweep(sweep) };
}

const fmt = (v: number | null | undefined) =>
  v === null ? 'NaN' : v === undefined ? '–' : v.toFixed(4);

/** The summary as a table: one line per job (status, worker, step, losses, time, error). */
export function formatSweepTable(summary: SweepSummary, dir: string): string {
  const counts = countSweepJobs(summary);
  const width = Math.max(2, ...summary.jobs.map((j) => j.id.length));
  const lines = [
    `sweep ${summary.sweep.name ?? dir}: ${summary.jobs.length} jobs, ${counts.done} done, ${counts.running} running, ${counts.queued} queued, ${counts.failed} failed`,
    `${'id'.padEnd(width)}  status   step    lossD    lossG  seconds  worker`,
  ];
  for (const j of summary.jobs) {
    const step = String(j.final?.step ?? '–').padStart(6);
    const seconds = (j.seconds === undefined ? '–' : j.seconds.toFixed(1)).padStart(7);
    lines.push(
      `${j.id.padEnd(width)}  ${j.status.padEnd(7)} ${step} ${fmt(j.final?.lossD).padStart(8)} ${fmt(j.final?.lossG).padStart(8)}  ${seconds}  ${j.worker ?? ''}`,
    );
    if (j.error && j.status !== 'done')
      lines.push(`${' '.repeat(width)}  [${j.error.code}] ${j.error.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An AbortSignal that fires on the first SIGINT/SIGTERM (released when done). */
function interruptSignal(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/** `gantry sweep --queue URL`: enqueue, then wait (a line per job event) unless `--detach`. */
async function queued(ctx: CliContext, dir: string, plan: SweepPlan, a: Record<string, unknown>) {
  const { io, exit } = ctx;
  const url = a['queue'] as string;
  const attempts = numberFlag('attempts', a['attempts'] as string | undefined, true);
  const { key, summary, added } = await enqueueSweep({
    dir,
    plan,
    url,
    eval: a['eval'] === true,
    ...(attempts !== undefined ? { attempts } : {}),
  });
  io.stderr(
    `${added.length} job(s) put on the queue at ${url}; ${summary.jobs.length} in the sweep\n`,
  );
  if (a['detach'] === true) {
    io.stderr(`detached; follow with: gantry sweep status --out ${dir}\n`);
    return;
  }
  const stop = interruptSignal();
  try {
    const ids = summary.jobs.filter((j) => j.status !== 'done').map((j) => j.id);
    const onEvent = (e: Parameters<typeof describeSweepEvent>[0]) =>
      io.stderr(`${describeSweepEvent(e)}\n`);
    const final = await watchSweep({ dir, url, key, ids, signal: stop.signal, onEvent });
    if (stop.signal.aborted) {
      io.stderr(
        `stopped waiting; the jobs stay on the queue. Follow with: gantry sweep status --out ${dir}\n`,
      );
      exit.code = EXIT.interrupted;
      return;
    }
    if (final) finish(ctx, final, dir);
  } finally {
    stop.release();
  }
}

/** Prints the table; exit 1 when a job failed. */
function finish({ io, exit }: CliContext, summary: SweepSummary, dir: string): void {
  io.stdout(formatSweepTable(summary, dir));
  const failed = summary.jobs.filter((j) => j.status === 'failed').map((j) => j.id);
  if (failed.length > 0) {
    io.stderr(
      `${failed.length} job(s) failed: ${failed.join(', ')}; their errors are in ${sweepSummaryPath(dir)}\n`,
    );
    exit.code = EXIT.failure;
  }
}

/** `gantry sweep status --out DIR`. */
function statusCommand({ io }: CliContext) {
  const statusArgs = {
    out: OUT_FLAG,
    json: { type: 'boolean', description: 'print summary.json as one JSON line' },
  } as const;
  return defineCommand({
    meta: {
      name: 'status',
      description: "A sweep's jobs: status, worker, final losses (DIR/summary.json)",
    },
    args: statusArgs,
    async run({ args: a, rawArgs }) {
      checkFlags('gantry sweep status', rawArgs, statusArgs);
      const dir = resolve(required(a, 'out', 'gantry sweep status'));
      const summary = await readSweepSummary(dir);
      if (!summary)
        throw new UsageError(
          'E_USAGE',
          `--out ${dir}: no sweep here (no ${sweepSummaryPath(dir)})`,
        );
      io.stdout(a.json ? `${JSON.stringify(summary)}\n` : formatSweepTable(summary, dir));
    },
  });
}

/** `gantry sweep run-job --out DIR --job ID`: one job in this process (what runners start). */
function runJobCommand({ exit }: CliContext) {
  const jobArgs = {
    out: OUT_FLAG,
    job: { type: 'string', description: 'the id of the job (as in summary.json)', valueHint: 'ID' },
    eval: args.eval,
  } as const;
  return defineCommand({
    meta: {
      name: 'run-job',
      description:
        'Train one job of a sweep (resuming its checkpoint), reporting JSON lines on stdout: what the local runner and gantry worker start',
    },
    args: jobArgs,
    async run({ args: a, rawArgs }) {
      checkFlags('gantry sweep run-job', rawArgs, jobArgs);
      const dir = resolve(required(a, 'out', 'gantry sweep run-job'));
      const id = required(a, 'job', 'gantry sweep run-job');
      exit.code = await runSweepJobProcess({
        dir,
        id,
        exitWithParent: true,
        selectBackend: (config) => chooseBackend(config.backend, trainingKernels(config.model)),
        ...(a.eval
          ? {
              evaluate: async (runDir: string) => {
                const report = await evaluateRun(runDir);
                await writeEvalReport(runDir, report);
                return report as unknown as Record<string, unknown>;
              },
            }
          : {}),
      });
    },
  });
}

const SUBCOMMANDS = ['status', 'run-job'];

/** `gantry sweep`. */
export function sweepCommand(ctx: CliContext) {
  return defineCommand({
    meta: {
      name: 'sweep',
      description:
        'Run the jobs of a sweep file (the product of its grid): here in parallel processes, or on a BullMQ queue for gantry workers',
    },
    args,
    subCommands: { status: () => statusCommand(ctx), 'run-job': () => runJobCommand(ctx) },
    async run({ args: parsed, rawArgs }) {
      if (SUBCOMMANDS.includes(rawArgs[0] ?? '')) return; // citty ran the subcommand
      checkFlags('gantry sweep', rawArgs, args);
      const a = parsed as Record<string, unknown>;
      const file = required(a, 'config', 'gantry sweep');
      const dir = resolve(required(a, 'out', 'gantry sweep'));
      const parallel = numberFlag('parallel', a['parallel'] as string | undefined, true);
      if (a['queue'] !== undefined && parallel !== undefined) {
        throw new UsageError(
          'E_USAGE',
          '--parallel is for this machine; with --queue each gantry worker has --concurrency',
        );
      }
      if (a['detach'] === true && a['queue'] === undefined) {
        throw new UsageError(
          'E_USAGE',
          '--detach needs --queue URL (a local sweep runs in this process)',
        );
      }
      const plan = await readPlan(file);
      if (typeof a['queue'] === 'string') return queued(ctx, dir, plan, a);
      const attempts = numberFlag('attempts', a['attempts'] as string | undefined, true);
      const stop = interruptSignal();
      try {
        const summary = await runSweepLocal({
          dir,
          plan,
          launch: { command: jobCommand(ctx.io) },
          ...(parallel !== undefined ? { parallel } : {}),
          ...(attempts !== undefined ? { attempts } : {}),
          eval: a['eval'] === true,
          signal: stop.signal,
          onEvent: (e) => ctx.io.stderr(`${describeSweepEvent(e)}\n`),
        });
        if (stop.signal.aborted) {
          ctx.io.stderr(
            `interrupted; unfinished jobs keep their checkpoints. Continue with: gantry sweep --config ${file} --out ${dir}\n`,
          );
          ctx.exit.code = EXIT.interrupted;
          return;
        }
        finish(ctx, summary, dir);
      } finally {
        stop.release();
      }
    },
  });
}
