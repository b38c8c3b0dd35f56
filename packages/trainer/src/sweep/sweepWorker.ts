import { availableParallelism, hostname } from 'node:os';
import { type Job, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { TrainerError } from '../errors';
import { updateSweepJob } from './queueSweep';
import {
  isConnectionError,
  openLockClient,
  queueError,
  type RedisLimits,
  ready,
  redisOptions,
  SWEEP_QUEUE,
  type SweepQueueData,
  within,
} from './redis';
import { type JobCommandFactory, spawnSweepJob } from './spawnJob';
import { readSweepSummary } from './sweepFolder';

/** Options of {@link startSweepWorker}. */
export interface SweepWorkerOptions {
  /** `redis://HOST:PORT` */
  url: string;
  /** Jobs at once, each in its own process (default 1). */
  concurrency?: number;
  /** How this worker is named in summaries and on the queue (default `host:pid`). */
  name?: string;
  /** The process of one job (the CLI runs `gantry sweep run-job`). */
  command: JobCommandFactory;
  /** How long a job's lock lasts without renewal (default 30 s: a killed worker's job restarts after it). */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before BullMQ fails it (default 3). */
  maxStalledCount?: number;
  limits?: RedisLimits;
  /** How long connection errors may last before the worker checks Redis and gives up (3 s). */
  lostGraceMs?: number;
  /** Told what the worker does: job started, done, failed, stopped. */
  onLog?: (line: string) => void;
}

/** A running worker: `stop()` checkpoints its jobs (they go back on the queue) and closes. */
export interface SweepWorker {
  readonly name: string;
  /**
   * Resolves when the worker has stopped after `stop()`; rejects with `E_QUEUE` when Redis is
   * lost, even during a stop.
   */
  readonly done: Promise<void>;
  /** Settles (never rejects) once the worker has stopped; `done` says how. */
  stop(): Promise<void>;
}

/** Runs one queue job in its own process; its summary entry is updated under the sweep's lock. */
async function processJob(
  job: Job<SweepQueueData>,
  token: string | undefined,
  ctx: {
    lock: Redis;
    name: string;
    options: SweepWorkerOptions;
    threads: string;
    stopping: AbortSignal;
    running: Set<Promise<unknown>>;
  },
): Promise<unknown> {
  const { dir, id, eval: score } = job.data;
  const log = ctx.options.onLog ?? (() => {});
  const summary = await readSweepSummary(dir);
  const entry = summary?.jobs.find((j) => j.id === id);
  if (!entry)
    throw new TrainerError(
      'E_SWEEP',
      `${dir}: no job "${id}" in its summary.json (is the folder shared with this worker?)`,
      { dir },
    );
  await updateSweepJob(ctx.lock, dir, id, {
    status: 'running',
    worker: ctx.name,
    attempts: entry.attempts + 1,
    startedAt: new Date().toISOString(),
    finishedAt: undefined,
  });
  log(`${id}: running (${dir})`);
  const command = ctx.options.command({ dir, id, eval: score });
  const child = spawnSweepJob({
    command: { ...command, env: { GANTRY_NATIVE_THREADS: ctx.threads, ...command.env } },
    signal: ctx.stopping,
    onMessage: (m) => {
      if (m.type === 'start' || m.type === 'step') {
        const { sweepJob: _, ...body } = m;
        void job.updateProgress(body).catch(() => {});
      }
    },
  });
  ctx.running.add(child);
  const result = await child.finally(() => ctx.running.delete(child));
  const finishedAt = new Date().toISOString();
  if (result.status === 'done') {
    const { seconds, final, eval: report } = result;
    await updateSweepJob(ctx.lock, dir, id, {
      status: 'done',
      finishedAt,
      seconds,
      final,
      eval: report,
      error: undefined,
    });
    log(`${id}: done in ${seconds.toFixed(1)} s`);
    return { seconds, ...(final ? { final } : {}) };
  }
  if (result.status === 'interrupted' || ctx.stopping.aborted) {
    // Stopped with a checkpoint: back on the queue, without using up an attempt.
    await updateSweepJob(ctx.lock, dir, id, { status: 'queued', worker: undefined });
    log(`${id}: stopped with a checkpoint; back on the queue`);
    if (token) await job.moveToWait(token);
    throw new WaitingError();
  }
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  await updateSweepJob(ctx.lock, dir, id, {
    status: last ? 'failed' : 'queued',
    finishedAt,
    error: result.error,
  });
  log(`${id}: failed [${result.error.code}] ${result.error.message}${last ? '' : ' (will retry)'}`);
  throw new Error(`${result.error.code}: ${result.error.message}`);
}

/**
 * Starts a BullMQ worker on the sweep queue at `url`: takes up to `concurrency` jobs at once,
 * each in its own process with `cores ÷ concurrency` native threads (or this process's
 * `GANTRY_NATIVE_THREADS`), in the job's run folder
 * under the sweep's folder (which must be on storage this machine shares, at the same path). A
 * worker that dies mid-job loses its lock: after `lockDurationMs` another worker's stalled-job
 * check puts the job back and it resumes from its last checkpoint. Redis unreachable → `E_QUEUE`
 * at once; Redis lost while running → the jobs are stopped with a checkpoint and `done` rejects
 * with `E_QUEUE`, in bounded time.
 */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TrainerError(
      'E_BAD_SWEEP',
      `--concurrency must be a positive integer, got ${concurrency}`,
      { option: 'concurrency' },
    );
  }
  const lock = await openLockClient(options.url, options.limits);
  const stopping = new AbortController();
  const threads =
    process.env['GANTRY_NATIVE_THREADS'] ||
    String(Math.max(1, Math.floor(availableParallelism() / concurrency)));
  const running = new Set<Promise<unknown>>();
  const ctx = { lock, name, options, threads, stopping: stopping.signal, running };
  const worker = new Worker<SweepQueueData>(
    SWEEP_QUEUE,
    (job, token) => processJob(job, token, ctx),
    {
      connection: redisOptions(options.url, options.limits),
      concurrency,
      name,
      autorun: false,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 3,
    },
  );
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let closing: Promise<void> | undefined;
  let lost: unknown;
  const shutdown = (error?: unknown) => {
    lost ??= error;
    return (closing ??= close());
  };
  const close = async () => {
    stopping.abort();
    // No new jobs from here on; the jobs' processes checkpoint and stop, waited for here.
    void worker.pause(true).catch(() => {});
    await within(Promise.allSettled(running), 30_000, () => new Error('jobs did not stop')).catch(
      () => {},
    );
    // With Redis lost (now or during the wait), nothing a graceful close waits for can finish:
    // it would never settle (taskforcesh/bullmq#4656), and BullMQ's lock-renewal timer, which
    // only its close stops, would keep this process alive. A forced close stops that timer
    // first and drops the connections.
    await within(
      worker.close(lost !== undefined),
      10_000,
      () => new Error('close timed out'),
    ).catch(() => {});
    lock.disconnect();
    if (lost !== undefined) settle?.reject(lost);
    else settle?.resolve();
  };
  try {
    await ready(worker, options.url);
  } catch (error) {
    // Never reached Redis: a forced close; `done` is nobody's yet, the error is thrown instead.
    done.catch(() => {});
    await shutdown(error);
    throw error;
  }
  // A connection error that outlasts the reconnects (the lock client's ping fails too): stop,
  // with the jobs checkpointed, and say so.
  let probing = false;
  worker.on('error', (error) => {
    if (!isConnectionError(error) || probing) return;
    probing = true;
    setTimeout(async () => {
      const alive = await within(lock.ping(), 5000, () => error).then(
        () => true,
        () => false,
      );
      probing = false;
      if (!alive) void shutdown(queueError(options.url, 'lost the connection to', error));
    }, options.lostGraceMs ?? 3000);
  });
  void worker
    .run()
    .catch((error) => shutdown(queueError(options.url, 'lost the connection to', error)));
  options.onLog?.(`worker ${name}: taking jobs from ${SWEEP_QUEUE} (concurrency ${concurrency})`);
  return { name, done, stop: () => shutdown() };
}
