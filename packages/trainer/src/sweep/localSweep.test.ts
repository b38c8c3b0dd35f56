import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobChild, metricLines, RING, tempDir, variantPlan } from '../__tests__/sweepFixtures';
import { resolveTrainConfig } from '../config';
import { runSweepLocal } from './localSweep';
import { runSweepJob } from './runSweepJob';
import type { JobCommandFactory } from './spawnJob';
import type { SweepEvent } from './sweepEvents';
import { parseSweepSummary } from './sweepSummary';

let command: JobCommandFactory;
beforeAll(async () => {
  command = (await jobChild()).command;
});

const readSummary = async (dir: string) =>
  parseSweepSummary(await readFile(join(dir, 'summary.json'), 'utf8'));

describe('the local sweep runner (job processes)', () => {
  it('runs jobs two at a time; a diverging job fails alone after its attempts; a rerun skips done jobs', async () => {
    const dir = await tempDir();
    const plan = variantPlan(
      { ...RING, steps: 40 },
      {
        a: { seed: 1 },
        // The largest learning rates the limits allow: SGD diverges within a few steps.
        nan: { seed: 2, optimizer: 'sgd', lrD: 10, lrG: 10 },
        b: { seed: 3 },
      },
    );
    const events: SweepEvent[] = [];
    const summary = await runSweepLocal({
      dir,
      plan,
      launch: { command },
      parallel: 2,
      onEvent: (e) => events.push(e),
    });
    const byId = Object.fromEntries(summary.jobs.map((j) => [j.id, j]));
    for (const id of ['a', 'b']) {
      expect(byId[id], id).toMatchObject({ status: 'done', attempts: 1, runDir: id });
      expect(byId[id]?.final?.step, id).toBe(40);
      expect(byId[id]?.error, id).toBeUndefined();
    }
    expect(byId['nan']).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: { code: 'E_NONFINITE_LOSS' },
    });
    expect(byId['nan']?.error?.message).toMatch(/^training diverged: /);
    // What is on disk is what was returned, and the folders are ordinary runs.
    expect(await readSummary(dir)).toEqual(summary);
    expect((await metricLines(join(dir, 'a'))).length).toBe(40);
    const running = events.filter((e) => e.type === 'running').map((e) => e.id);
    expect(running.sort()).toEqual(['a', 'b', 'nan', 'nan']);
    expect(
      events.filter((e) => e.type === 'failed').map((e) => (e as { retrying: boolean }).retrying),
    ).toEqual([true, false]);

    const again: SweepEvent[] = [];
    const second = await runSweepLocal({
      dir,
      plan,
      launch: { command },
      parallel: 2,
      onEvent: (e) => again.push(e),
    });
    expect(
      again
        .filter((e) => e.type === 'skipped')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['a', 'b']);
    // The failed job gets its attempts again (two more starts), the done ones none.
    expect(again.filter((e) => e.type === 'running').map((e) => e.id)).toEqual(['nan', 'nan']);
    expect(second.jobs.find((j) => j.id === 'a')).toEqual(byId['a']);
    expect(second.jobs.find((j) => j.id === 'nan')).toMatchObject({
      status: 'failed',
      attempts: 4,
    });
  });

  it('Ctrl-C leaves jobs queued; the rerun resumes from checkpoints, runs no finished job twice, and ends as an uninterrupted run', async () => {
    const base = { ...RING, steps: 120, checkpointEvery: 20 };
    const plan = variantPlan(base, { first: { seed: 5 }, second: { seed: 6 } });
    const dir = await tempDir();
    const controller = new AbortController();
    const events: SweepEvent[] = [];
    await runSweepLocal({
      dir,
      plan,
      launch: { command },
      parallel: 1,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'step' && e.id === 'second' && e.step >= 60) controller.abort();
      },
    });
    const stopped = await readSummary(dir);
    expect(stopped.jobs.map((j) => [j.id, j.status])).toEqual([
      ['first', 'done'],
      ['second', 'queued'],
    ]);
    expect(events.at(-1)).toEqual({ type: 'interrupted', id: 'second' });

    const again: SweepEvent[] = [];
    const resumed = await runSweepLocal({
      dir,
      plan,
      launch: { command },
      parallel: 1,
      onEvent: (e) => again.push(e),
    });
    expect(again.filter((e) => e.type === 'skipped').map((e) => e.id)).toEqual(['first']);
    const start = again.find((e) => e.type === 'started');
    expect(start).toMatchObject({ id: 'second', resumed: true });
    expect((start as { step: number }).step).toBeGreaterThanOrEqual(60);
    expect(resumed.jobs.find((j) => j.id === 'first')).toEqual(
      stopped.jobs.find((j) => j.id === 'first'),
    );
    expect(resumed.jobs.find((j) => j.id === 'second')).toMatchObject({
      status: 'done',
      attempts: 2,
    });

    // The same job, never interrupted: the same metrics line for line, the same final losses.
    const whole = await tempDir();
    const alone = await runSweepLocal({
      dir: whole,
      plan: variantPlan(base, { second: { seed: 6 } }),
      launch: { command },
    });
    expect(await metricLines(join(dir, 'second'))).toEqual(
      await metricLines(join(whole, 'second')),
    );
    expect(resumed.jobs.find((j) => j.id === 'second')?.final).toEqual(alone.jobs[0]?.final);
  });

  it('refuses a runDir that is not a folder name inside the sweep (summary.json edited by hand)', async () => {
    const dir = await tempDir();
    for (const runDir of ['../elsewhere', '/tmp/x', 'a/b', '..', '.']) {
      const error = await runSweepJob(dir, { config: resolveTrainConfig(RING), runDir }).catch(
        (e) => e,
      );
      expect(isGantryError(error, 'E_SWEEP'), runDir).toBe(true);
      expect((error as Error).message, runDir).toContain(`"${runDir}"`);
    }
  });
});
