import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { isGantryError } from '@gantry/core';
import { type Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobMessageBody, jobMessageEvent } from './jobMessages';
import {
  closeWithin,
  isConnectionError,
  openLockClient,
  openSweepQueue,
  queueError,
  queueJobId,
  type RedisLimits,
  ready,
  redisOptions,
  SWEEP_QUEUE,
  type SweepQueueData,
  sweepKey,
  within,
  withSweepLock,
} from './redis';
import type { SweepEvent } from './sweepEvents';
import {
  openSweepFolder,
  patchJob,
  readSweepSummary,
  type SweepJobPatch,
  type SweepPlan,
  writeSweepSummary,
} from './sweepFolder';
import type { SweepFinal, SweepSummary } from './sweepSummary';

/** The lock name of the sweep in `dir` (one per folder). */
export function folderLockKey(dir: string): string {
  return createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12);
}

/** Updates job `id` of the summary in `dir` holding the sweep's lock (workers on many machines). */
export async function updateSweepJob(
  lock: Redis,
  dir: string,
  id: string,
  patch: SweepJobPatch,
): Promise<void> {
  await withSweepLock(lock, folderLockKey(dir), async () => {
    const summary = await readSweepSummary(dir);
    if (summary) await writeSweepSummary(dir, patchJob(summary, id, patch));
  });
}

/** Options of {@link enqueueSweep}. */
export interface EnqueueSweepOptions {
  dir: string;
  plan: SweepPlan;
  /** `redis://HOST:PORT` */
  url: string;
  eval?: boolean;
  /** Times a job is started before it fails (default 2; a stalled job's restart is not one). */
  attempts?: number;
  limits?: RedisLimits;
}

/** What {@link enqueueSweep} did. */
export interface EnqueuedSweep {
  /** The sweep's key: its queue job ids are `<key>.<job id>`. */
  key: string;
  summary: SweepSummary;
  /** The jobs put on the queue now (not those already on it, nor done ones). */
  added: string[];
}

/** Puts the job on the queue unless it is there; a failed one is retried, a stale completed one redone. */
async function putJob(queue: Queue, data: SweepQueueData, attempts: number): Promise<boolean> {
  const jobId = queueJobId(data.key, data.id);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'failed') await existing.retry();
    if (state !== 'completed') return state === 'failed';
    await existing.remove();
  }
  await queue.add('train', data, {
    jobId,
    attempts,
    backoff: { type: 'fixed', delay: 1000 },
  });
  return true;
}

/**
 * Puts a sweep's jobs on the BullMQ queue at `url` for `gantry worker`s to take: connects first
 * (Redis unreachable → `E_QUEUE` in bounded time, before anything is written), then, holding the
 * sweep's lock, opens the folder (a rerun keeps done jobs and requeues failed ones) and adds each
 * job that is not done and not already on the queue. The folder must be on storage every worker
 * sees, at the same path.
 */
export async function enqueueSweep(options: EnqueueSweepOptions): Promise<EnqueuedSweep> {
  const dir = resolve(options.dir);
  const queue = await openSweepQueue(options.url, options.limits);
  let lock: Redis | undefined;
  try {
    lock = await openLockClient(options.url, options.limits);
    const held = lock;
    return await withSweepLock(held, folderLockKey(dir), async () => {
      const summary = await openSweepFolder(dir, options.plan, { requeue: ['failed'] });
      const key = sweepKey(dir, summary);
      const added: string[] = [];
      for (const job of summary.jobs) {
        if (job.status === 'done') continue;
        const data: SweepQueueData = { dir, id: job.id, key, eval: options.eval ?? false };
        if (await putJob(queue, data, options.attempts ?? 2)) added.push(job.id);
      }
      return { key, summary, added };
    });
  } catch (error) {
    throw isConnectionError(error) && !isGantryError(error)
      ? queueError(options.url, 'lost', error)
      : error;
  } finally {
    lock?.disconnect();
    await closeWithin(queue);
  }
}

/** Options of {@link watchSweep}. */
export interface WatchSweepOptions {
  dir: string;
  url: string;
  key: string;
  /** The sweep's job ids to wait for (a job the queue does not know counts as ended). */
  ids: readonly string[];
  signal?: AbortSignal;
  onEvent?: (event: SweepEvent) => void;
  limits?: RedisLimits;
  /** How often job states are checked besides the events (default 1000 ms). */
  pollMs?: number;
}

/** Follows one sweep's queue events as {@link SweepEvent}s. */
function follow(
  events: QueueEvents,
  queue: Queue,
  o: WatchSweepOptions,
  lock: Redis,
  pending: Set<Promise<unknown>>,
): void {
  const emit = o.onEvent ?? (() => {});
  const prefix = `${o.key}.`;
  const ours = (jobId: string) =>
    jobId.startsWith(prefix) ? jobId.slice(prefix.length) : undefined;
  events.on('active', async ({ jobId }) => {
    const id = ours(jobId);
    const job = id ? await queue.getJob(jobId).catch(() => undefined) : undefined;
    if (id)
      emit({
        type: 'running',
        id,
        worker: job?.processedBy ?? '?',
        attempt: (job?.attemptsMade ?? 0) + 1,
      });
  });
  events.on('progress', ({ jobId, data }) => {
    const id = ours(jobId);
    const event = id ? jobMessageEvent(id, data as JobMessageBody) : undefined;
    if (event) emit(event);
  });
  events.on('completed', ({ jobId, returnvalue }) => {
    const id = ours(jobId);
    const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as {
      seconds?: number;
      final?: SweepFinal;
    };
    if (id)
      emit({ type: 'done', id, seconds: r?.seconds ?? 0, ...(r?.final ? { final: r.final } : {}) });
  });
  events.on('failed', async ({ jobId, failedReason }) => {
    const id = ours(jobId);
    if (!id) return;
    const state = await queue.getJobState(jobId).catch(() => 'failed');
    const [code, ...rest] = failedReason.split(': ');
    const error = /^E_[A-Z_]+$/.test(code ?? '')
      ? { code: code as string, message: rest.join(': ') }
      : { code: 'E_SWEEP_JOB', message: failedReason };
    emit({ type: 'failed', id, error, retrying: state !== 'failed' });
    // A job BullMQ failed itself (stalled too often: its workers kept dying) has no worker
    // left to say so in summary.json.
    if (state !== 'failed') return;
    const marking = (async () => {
      const summary = await readSweepSummary(o.dir);
      const entry = summary?.jobs.find((j) => j.id === id);
      if (entry && entry.status !== 'failed' && entry.status !== 'done') {
        await updateSweepJob(lock, o.dir, id, {
          status: 'failed',
          error,
          finishedAt: new Date().toISOString(),
        });
      }
    })().catch(() => {});
    pending.add(marking);
    void marking.then(() => pending.delete(marking));
  });
}

/**
 * Waits for a queued sweep's jobs, telling `onEvent` as they move (running on which worker,
 * steps, done, failed), until every job is completed or failed on the queue, or `signal` aborts
 * (the jobs stay queued: workers go on). Redis lost → `E_QUEUE` in bounded time. Resolves with
 * the summary the workers wrote.
 */
export async function watchSweep(options: WatchSweepOptions): Promise<SweepSummary | undefined> {
  const dir = resolve(options.dir);
  const events = new QueueEvents(SWEEP_QUEUE, {
    connection: redisOptions(options.url, options.limits),
  });
  let queue: Queue | undefined;
  let lock: Redis | undefined;
  const pending = new Set<Promise<unknown>>();
  try {
    await ready(events, options.url);
    queue = await openSweepQueue(options.url, options.limits);
    lock = await openLockClient(options.url, options.limits);
    follow(events, queue, { ...options, dir }, lock, pending);
    const lost = () => queueError(options.url, 'lost the connection to');
    for (;;) {
      if (options.signal?.aborted) break;
      const q = queue;
      const states = await within(
        Promise.all(options.ids.map((id) => q.getJobState(queueJobId(options.key, id)))),
        15_000,
        lost,
      ).catch((error) => {
        throw error instanceof Error && 'code' in error
          ? error
          : queueError(options.url, 'lost', error);
      });
      if (states.every((s) => s === 'completed' || s === 'failed' || s === 'unknown')) {
        await new Promise((r) => setTimeout(r, 300)); // the last events, still on their way
        break;
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    }
  } finally {
    await closeWithin(events);
    if (queue) await closeWithin(queue);
    await within(Promise.all(pending), 10_000, () => new Error('timed out')).catch(() => {});
    lock?.disconnect();
  }
  return readSweepSummary(dir);
}
