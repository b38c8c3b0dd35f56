import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { bundleForNode } from '@gantry/test-utils/bundle';
import { freePort, type RedisServer, startRedis } from '@gantry/test-utils/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobChild, metricLines, RING, tempDir, variantPlan } from '../__tests__/sweepFixtures';
import { runSweepLocal } from './localSweep';
import { enqueueSweep, watchSweep } from './queueSweep';
import { within } from './redis';
import type { SweepEvent } from './sweepEvents';
import { parseSweepSummary } from './sweepSummary';
import { startSweepWorker } from './sweepWorker';

let child = '';
let workerMain = '';
let redis: RedisServer | undefined;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  child = (await jobChild()).file;
  workerMain = (
    await bundleForNode({
      worker: new URL('../__tests__/sweepWorkerMain.ts', import.meta.url).pathname,
    })
  ).worker as string;
  redis = await startRedis();
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await redis?.stop();
});

/** A worker as a child process; resolves once it takes jobs. */
async function startWorker(
  url: string,
  name: string,
  maxStalled?: number,
): Promise<{ proc: ChildProcess; stderr: () => string; exit: Promise<number | null> }> {
  const args = [
    workerMain,
    url,
    name,
    child,
    ...(maxStalled === undefined ? [] : [String(maxStalled)]),
  ];
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(proc);
  let err = '';
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d) => String(d).includes('ready') && resolve());
    void exit.then((code) => reject(new Error(`worker ${name} exited (${code}): ${err}`)));
  });
  return { proc, stderr: () => err, exit };
}

const readSummary = async (dir: string) =>
  parseSweepSummary(await readFile(join(dir, 'summary.json'), 'utf8'));

describe('sweeps on a BullMQ queue (real redis-server, workers as processes)', () => {
  it('a SIGKILLed worker’s job resumes on another worker from its checkpoint, ending as an uninterrupted run; a diverging job fails alone', async () => {
    const url = (redis as RedisServer).url;
    const base = { ...RING, steps: 120, checkpointEvery: 20 };
    const plan = variantPlan(base, {
      a: { seed: 1 },
      b: { seed: 2 },
      // The largest learning rates the limits allow: SGD diverges within a few steps.
      nan: { seed: 3, optimizer: 'sgd', lrD: 10, lrG: 10 },
    });
    const dir = await tempDir();
    const { key, added } = await enqueueSweep({ dir, plan, url });
    expect(added).toEqual(['a', 'b', 'nan']);
    // Enqueueing again adds nothing: the jobs are on the queue already.
    expect((await enqueueSweep({ dir, plan, url })).added).toEqual([]);

    const w1 = await startWorker(url, 'w1');
    const events: SweepEvent[] = [];
    const onW1 = (id: string) =>
      parseSweepSummary(readFileSync(join(dir, 'summary.json'), 'utf8')).jobs.find(
        (j) => j.id === id,
      )?.worker === 'w1';
    let killed: string | undefined;
    const watching = watchSweep({
      dir,
      url,
      key,
      ids: ['a', 'b', 'nan'],
      pollMs: 300,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'step' && e.step >= 60 && !killed && e.id !== 'nan' && onW1(e.id)) {
          killed = e.id;
          w1.proc.kill('SIGKILL');
        }
      },
    });
    const w2 = await startWorker(url, 'w2');
    const summary = await watching;
    expect(killed, 'w1 was killed mid-job').toBeDefined();
    const byId = Object.fromEntries((summary?.jobs ?? []).map((j) => [j.id, j]));
    expect(byId[killed as string]).toMatchObject({ status: 'done', worker: 'w2', attempts: 2 });
    const resumed = events.find((e) => e.type === 'started' && e.id === killed && e.resumed);
    expect((resumed as { step: number } | undefined)?.step).toBeGreaterThanOrEqual(40);
    for (const id of ['a', 'b']) expect(byId[id]?.final?.step, id).toBe(120);
    expect(byId['nan']).toMatchObject({ status: 'failed', error: { code: 'E_NONFINITE_LOSS' } });
    expect(byId['nan']?.attempts).toBe(2);
    expect(await readSummary(dir)).toEqual(summary);

    // The killed job, run whole by the local runner: the same metrics, the same final losses.
    const whole = await tempDir();
    const alone = await runSweepLocal({
      dir: whole,
      plan: variantPlan(base, {
        [killed as string]: plan.jobs.find((j) => j.id === killed)?.config ?? {},
      }),
      launch: { command: ({ dir: d, id }) => ({ file: process.execPath, args: [child, d, id] }) },
    });
    expect(await metricLines(join(dir, killed as string))).toEqual(
      await metricLines(join(whole, killed as string)),
    );
    expect(byId[killed as string]?.final).toEqual(alone.jobs[0]?.final);

    // A rerun puts back only the failed job; done jobs are not run twice.
    expect((await enqueueSweep({ dir, plan, url })).added).toEqual(['nan']);
    w2.proc.kill('SIGTERM');
    await w2.exit;
  });

  it('a job whose workers keep dying fails alone (stalled too often), marked failed in summary.json by the watcher', async () => {
    const own = await startRedis(); // its own queue: no job of another test comes in
    try {
      const dir = await tempDir();
      const plan = variantPlan(
        { ...RING, steps: 5000, checkpointEvery: 20 },
        { doomed: { seed: 7 } },
      );
      const { key } = await enqueueSweep({ dir, plan, url: own.url });
      const dying = await startWorker(own.url, 'w-dies', 0);
      const events: SweepEvent[] = [];
      let killed: () => void = () => {};
      const gone = new Promise<void>((r) => {
        killed = r;
      });
      const watching = watchSweep({
        dir,
        url: own.url,
        key,
        ids: ['doomed'],
        pollMs: 200,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'step' && dying.proc.exitCode === null && !dying.proc.killed) {
            dying.proc.kill('SIGKILL');
            killed();
          }
        },
      });
      await gone;
      // Its stalled-job check finds the dead worker's job; with no stall allowed, BullMQ fails it.
      const checker = await startWorker(own.url, 'w-checks', 0);
      const summary = await watching;
      const job = summary?.jobs[0];
      expect(job).toMatchObject({
        id: 'doomed',
        status: 'failed',
        worker: 'w-dies',
        attempts: 1,
        error: { code: 'E_SWEEP_JOB' },
      });
      expect(job?.error?.message).toMatch(/stalled more than allowable limit/);
      expect(job?.finishedAt).toBeDefined();
      expect(events.filter((e) => e.type === 'failed')).toMatchObject([
        { id: 'doomed', retrying: false },
      ]);
      expect(await readSummary(dir)).toEqual(summary);
      checker.proc.kill('SIGTERM');
      expect(await checker.exit).toBe(0);
    } finally {
      await own.stop();
    }
  });

  it('Redis unreachable: a clear error in bounded time, and nothing written', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const dir = join(await tempDir(), 'sweep');
    const limits = { connectTimeoutMs: 500, retries: 2 };
    const t0 = Date.now();
    const error = await enqueueSweep({
      dir,
      plan: variantPlan(RING, { a: {} }),
      url,
      limits,
    }).catch((e) => e);
    expect(isGantryError(error, 'E_QUEUE'), String(error)).toBe(true);
    expect(error.message).toMatch(new RegExp(`^cannot reach Redis at ${url}: .*ECONNREFUSED`));
    expect(Date.now() - t0).toBeLessThan(10_000);
    await expect(stat(dir)).rejects.toThrow('ENOENT');
    const worker = await startSweepWorker({
      url,
      command: () => ({ file: 'none', args: [] }),
      limits,
    }).catch((e) => e);
    expect(isGantryError(worker, 'E_QUEUE'), String(worker)).toBe(true);
  });

  it('Redis lost mid-job: the worker and the watcher stop with a clear error in bounded time; summary and checkpoint intact', async () => {
    const lost = await startRedis();
    const dir = await tempDir();
    const plan = variantPlan({ ...RING, steps: 5000, checkpointEvery: 20 }, { long: { seed: 4 } });
    const { key } = await enqueueSweep({ dir, plan, url: lost.url });
    const w = await startWorker(lost.url, 'w-lost');
    let stepSeen: () => void = () => {};
    const stepped = new Promise<void>((r) => {
      stepSeen = r;
    });
    const limits = { connectTimeoutMs: 500, retries: 2 };
    const watching = watchSweep({
      dir,
      url: lost.url,
      key,
      ids: ['long'],
      pollMs: 200,
      limits,
      onEvent: (e) => e.type === 'step' && e.step >= 40 && stepSeen(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Each wait bounded on its own, so that a hang names the wait it was.
    const hung = (what: string) => () => new Error(`${what}: not settled after 29 s`);
    await within(stepped, 29_000, hung('the watcher reporting step 40'));
    const t0 = Date.now();
    await lost.stop('SIGKILL');
    const [code, watchError] = await Promise.all([
      within(w.exit, 29_000, () =>
        hung(`the worker exiting after Redis was killed (its stderr: ${w.stderr()})`)(),
      ),
      within(watching, 29_000, hung('watchSweep settling after Redis was killed')),
    ]);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(code).toBe(1);
    expect(w.stderr()).toMatch(
      /worker failed: \[E_QUEUE\] lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+/,
    );
    expect(isGantryError(watchError, 'E_QUEUE'), String(watchError)).toBe(true);
    const summary = await readSummary(dir);
    expect(summary.jobs[0]?.id).toBe('long');
    const latest = (await readFile(join(dir, 'long', 'checkpoints', 'latest'), 'utf8')).trim();
    expect(latest).toMatch(/^step-\d{6}$/);
  });
});
