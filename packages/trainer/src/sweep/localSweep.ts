import { availableParallelism, hostname } from 'node:os';
import { resolve } from 'node:path';
import type { BackendSelection } from '@gantry/core';
import type { TrainConfig } from '../config';
import { TrainerError } from '../errors';
import {
  type JobMessage,
  type JobProcessResult,
  jobMessageEvent,
  messageOutcome,
  parseJobMessage,
} from './jobMessages';
import { runSweepJobProcess } from './jobProcess';
import { type JobCommandFactory, spawnSweepJob } from './spawnJob';
import type { SweepEvent } from './sweepEvents';
import { openSweepFolder, type SweepPlan, SweepSummaryWriter } from './sweepFolder';
import type { SweepSummary } from './sweepSummary';

/** How the local runner runs a job: its own process (the default), or in this one. */
export type SweepLaunch =
  | { command: JobCommandFactory }
  | {
      /** One job at a time in this process, on this backend (tests, the loss zoo). */
      inProcess: {
        backend: BackendSelection;
        evaluate?: (runDir: string, config: TrainConfig) => Promise<Record<string, unknown>>;
      };
    };

/** Options of {@link runSweepLocal}. */
export interface LocalSweepOptions {
  /** The sweep folder: summary.json and one run folder per job. */
  dir: string;
  plan: SweepPlan;
  launch: SweepLaunch;
  /** Jobs at once (default {@link defaultParallel}); 1 in-process. */
  parallel?: number;
  /** Score each finished job (the command factory or `evaluate` does the scoring). */
  eval?: boolean;
  /** Times a job is started before it counts as failed (default 2). */
  attempts?: number;
  /** Stops every job with a checkpoint; they stay queued for the next run. */
  signal?: AbortSignal;
  onEvent?: (event: SweepEvent) => void;
}

/** Threads one job's native backend uses by default: `GANTRY_NATIVE_THREADS`, else 1. */
export function threadsPerRun(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const n = Number(env['GANTRY_NATIVE_THREADS']);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Jobs at once by default: the cores ÷ the threads per run, at least 1. */
export function defaultParallel(threads = threadsPerRun(), cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / threads));
}

/** Runs job `id` in this process, with the same messages a job's own process writes. */
async function runInProcess(
  job: { dir: string; id: string; eval: boolean; signal?: AbortSignal },
  inProcess: Extract<SweepLaunch, { inProcess: unknown }>['inProcess'],
  onMessage: (m: JobMessage) => void,
): Promise<JobProcessResult> {
  let result: JobProcessResult = { status: 'interrupted' };
  await runSweepJobProcess({
    dir: job.dir,
    id: job.id,
    selectBackend: async () => inProcess.backend,
    ...(job.eval && inProcess.evaluate ? { evaluate: inProcess.evaluate } : {}),
    handleSignals: false,
    ...(job.signal ? { signal: job.signal } : {}),
    write: (line) => {
      const m = parseJobMessage(line);
      if (!m) return;
      onMessage(m);
      result = messageOutcome(m) ?? result;
    },
  });
  return result;
}

/**
 * Runs a sweep on this machine without a server: `parallel` jobs at once, each in its own
 * process (`launch.command`: the CLI runs `gantry sweep run-job`) with `cores ÷ parallel` native
 * threads (`GANTRY_NATIVE_THREADS`), each an ordinary run folder `DIR/<job id>`, and
 * `DIR/summary.json` rewritten atomically as jobs start, finish or fail. Rerunning it on the same
 * folder skips done jobs and resumes the others from their checkpoints. A failed job is retried
 * (from its checkpoint) up to `attempts` starts, then fails alone with its error in the summary.
 *
 * @example
 * await runSweepLocal({ dir: 'sweeps/ring', plan, launch: { command }, parallel: 2 });
 */
export async function runSweepLocal(options: LocalSweepOptions): Promise<SweepSummary> {
  const dir = resolve(options.dir);
  const emit = options.onEvent ?? (() => {});
  const inProcess = 'inProcess' in options.launch;
  const parallel = inProcess ? 1 : (options.parallel ?? defaultParallel());
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new TrainerError(
      'E_BAD_SWEEP',
      `--parallel must be a positive integer, got ${parallel}`,
      { option: 'parallel' },
    );
  }
  const attempts = options.attempts ?? 2;
  const threads = String(Math.max(1, Math.floor(availableParallelism() / parallel)));
  const writer = new SweepSummaryWriter(
    dir,
    await openSweepFolder(dir, options.plan, { requeue: ['running', 'failed'] }),
  );
  const todo = writer.summary.jobs.filter((j) => j.status !== 'done').map((j) => j.id);
  for (const job of writer.summary.jobs)
    if (job.status === 'done') emit({ type: 'skipped', id: job.id });
  for (const id of todo) emit({ type: 'queued', id });

  const runJob = async (id: string, slot: number): Promise<void> => {
    const worker = `${hostname()}/local-${slot}`;
    const command =
      'command' in options.launch
        ? options.launch.command({ dir, id, eval: options.eval ?? false })
        : undefined;
    for (let tries = 1; ; tries++) {
      const before = writer.summary.jobs.find((j) => j.id === id);
      const attempt = (before?.attempts ?? 0) + 1;
      const startedAt = new Date().toISOString();
      await writer.update(id, {
        status: 'running',
        worker,
        attempts: attempt,
        startedAt,
        finishedAt: undefined,
      });
      emit({ type: 'running', id, worker, attempt });
      const onMessage = (m: JobMessage) => {
        const event = jobMessageEvent(id, m);
        if (event) emit(event);
      };
      const result = command
        ? await spawnSweepJob({
            command: { ...command, env: { GANTRY_NATIVE_THREADS: threads, ...command.env } },
            onMessage,
            ...(options.signal ? { signal: options.signal } : {}),
          })
        : await runInProcess(
            {
              dir,
              id,
              eval: options.eval ?? false,
              ...(options.signal ? { signal: options.signal } : {}),
            },
            (options.launch as Extract<SweepLaunch, { inProcess: unknown }>).inProcess,
            onMessage,
          );
      const finishedAt = new Date().toISOString();
      if (result.status === 'done') {
        await writer.update(id, {
          status: 'done',
          finishedAt,
          seconds: result.seconds,
          final: result.final,
          eval: result.eval,
          error: undefined,
        });
        emit({
          type: 'done',
          id,
          seconds: result.seconds,
          ...(result.final ? { final: result.final } : {}),
        });
        return;
      }
      if (result.status === 'interrupted' || options.signal?.aborted) {
        await writer.update(id, { status: 'queued', worker: undefined });
        emit({ type: 'interrupted', id });
        return;
      }
      const retry = tries < attempts && !options.signal?.aborted;
      await writer.update(id, {
        status: retry ? 'running' : 'failed',
        finishedAt,
        error: result.error,
      });
      emit({ type: 'failed', id, error: result.error, retrying: retry });
      if (!retry) return;
    }
  };

  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, todo.length) }, async (_, slot) => {
    while (next < todo.length && !options.signal?.aborted) {
      const id = todo[next++] as string;
      await runJob(id, slot + 1);
    }
  });
  await Promise.all(lanes);
  await writer.flush();
  return writer.summary;
}
