import { createHash, randomUUID } from 'node:crypto';
import { Queue, type RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { TrainerError } from '../errors';
import type { SweepSummary } from './sweepSummary';

/** The one BullMQ queue every sweep's jobs go on (workers serve any sweep). */
export const SWEEP_QUEUE = 'gantry-sweeps';

/** How long connecting may take, and how often a lost connection is retried, before giving up. */
export interface RedisLimits {
  /** Per connection attempt (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Reconnect attempts after a refusal or a loss (default 5, ~0.2 s … 1 s apart). */
  retries?: number;
}

/**
 * ioredis options for `url` (`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS)
 * that give up in bounded time: a connect timeout, a few reconnects, then the connection ends
 * (no endless reconnect loop). A URL that is not one is an `E_BAD_SWEEP` usage error naming
 * `--queue`.
 */
export function redisOptions(url: string, limits: RedisLimits = {}): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new TrainerError(
      'E_BAD_SWEEP',
      `--queue expects redis://HOST:PORT (or rediss:// for TLS), got "${url}"`,
      { option: 'queue' },
    );
  }
  const retries = limits.retries ?? 5;
  const db = Number(parsed.pathname.slice(1) || 0);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    connectTimeout: limits.connectTimeoutMs ?? 3000,
    retryStrategy: (times: number) => (times > retries ? null : Math.min(200 * times, 1000)),
  };
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** An `E_QUEUE` error: Redis unreachable or lost, with what the client said. */
export function queueError(url: string, what: string, cause?: unknown): TrainerError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new TrainerError(
    'E_QUEUE',
    `${what} Redis at ${safeUrl(url)}${why}`,
    { option: 'queue', url: safeUrl(url) },
    cause,
  );
}

/** Waits until `client` is ready, or rejects with an `E_QUEUE` error once it gives up. */
export async function ready<
  T extends { waitUntilReady(): Promise<unknown>; on(e: 'error', f: (e: Error) => void): unknown },
>(client: T, url: string): Promise<T> {
  let last: Error | undefined;
  client.on('error', (error) => {
    last = error;
  });
  try {
    await client.waitUntilReady();
    return client;
  } catch (error) {
    throw queueError(url, 'cannot reach', last ?? error);
  }
}

/** Opens the sweep queue on `url` (ready, or an `E_QUEUE` error in bounded time). */
export async function openSweepQueue(url: string, limits?: RedisLimits): Promise<Queue> {
  const queue = new Queue(SWEEP_QUEUE, { connection: redisOptions(url, limits) });
  try {
    return await ready(queue, url);
  } catch (error) {
    await closeWithin(queue);
    throw error;
  }
}

/** A short key naming one sweep (its folder and creation time): queue job ids start with it. */
export function sweepKey(dir: string, summary: Pick<SweepSummary, 'sweep'>): string {
  return createHash('sha256').update(`${dir}\n${summary.sweep.created}`).digest('hex').slice(0, 12);
}

/** The queue job id of sweep job `id`. */
export function queueJobId(key: string, id: string): string {
  return `${key}.${id}`;
}

/** What a queue job carries: where the sweep is and which job. */
export interface SweepQueueData {
  dir: string;
  id: string;
  key: string;
  eval: boolean;
}

/**
 * A plain Redis client for the sweep's lock (bounded like the queue's: commands fail after two
 * retries instead of waiting for a connection forever).
 */
export async function openLockClient(url: string, limits?: RedisLimits): Promise<Redis> {
  const client = new Redis({
    ...redisOptions(url, limits),
    maxRetriesPerRequest: 2,
    lazyConnect: true,
  });
  client.on('error', () => {}); // reported by the command that fails
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw queueError(url, 'cannot reach', error);
  }
}

const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Runs `fn` holding the sweep's lock in Redis (SET NX PX, released only by its holder), so that
 * the workers and `gantry sweep` on many machines update one summary.json in turn.
 */
export async function withSweepLock<T>(
  client: Redis,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = `gantry:sweep:${key}:lock`;
  const token = randomUUID();
  const deadline = Date.now() + 30_000;
  while ((await client.set(lock, token, 'PX', 15_000, 'NX')) !== 'OK') {
    if (Date.now() > deadline) {
      throw new TrainerError(
        'E_QUEUE',
        `could not take the lock ${lock} of the sweep's summary in 30 s`,
        { lock },
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    await client.eval(RELEASE, 1, lock, token).catch(() => {});
  }
}

/** True for the errors of a connection that is down (refused, reset, closed, timed out). */
export function isConnectionError(error: unknown): boolean {
  const m = error instanceof Error ? error.message : '';
  return /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|max retries|MaxRetriesPerRequest/i.test(
    m,
  );
}

/** Rejects with `what()` when `promise` takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(what()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Closes a BullMQ queue, worker or event stream, giving up after `ms`: BullMQ's `close()` never
 * settles when it is called while ioredis waits between reconnect attempts (taskforcesh/bullmq#4656),
 * which is where a lost Redis leaves it. Nothing is left running then (the reconnect timer is
 * cleared), so leaving the promise is safe.
 */
export async function closeWithin(client: { close(): Promise<unknown> }, ms = 5000): Promise<void> {
  await within(client.close(), ms, () => new Error('close timed out')).catch(() => {});
}
