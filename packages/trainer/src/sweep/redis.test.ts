import { startRedis } from '@gantry/test-utils/redis';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { closeWithin, redisOptions } from './redis';

const LIMITS = { connectTimeoutMs: 500, retries: 2 };

describe('closeWithin: closing BullMQ clients on a lost Redis', () => {
  // BullMQ's close() called while ioredis waits between reconnects never settles
  // (taskforcesh/bullmq#4656); 150 ms after the kill is inside the first 200 ms wait.
  it.each(['QueueEvents', 'Worker', 'Queue'] as const)(
    'a %s closed between reconnect attempts settles in bounded time',
    async (kind) => {
      const redis = await startRedis();
      const connection = redisOptions(redis.url, LIMITS);
      const client =
        kind === 'QueueEvents'
          ? new QueueEvents('close-test', { connection })
          : kind === 'Queue'
            ? new Queue('close-test', { connection })
            : new Worker('close-test', async () => {}, { connection });
      (client as { on(e: 'error', f: () => void): unknown }).on('error', () => {});
      await client.waitUntilReady();
      await redis.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 150));
      const t0 = Date.now();
      await closeWithin(client, 1000);
      expect(Date.now() - t0).toBeLessThan(3000);
    },
  );
});
