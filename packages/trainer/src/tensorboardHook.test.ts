import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listEventFiles, type ReadEvent, readEventFile } from '@gantry/tensorboard/node';
import { useFastBackend } from '@gantry/test-utils';
import {
  pythonOrSkip,
  readWithTensorboard,
  type TensorboardPython,
  tensorboardPython,
} from '@gantry/test-utils/tensorboard';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from './config';
import { readRunMetrics } from './openRun';
import { runTraining } from './runTraining';
import { TENSORBOARD_TAGS, writeEvalEvents } from './tensorboardHook';

/** Real MNIST digits, a small MLP, a handful of steps. */
const config: TrainConfigInput = {
  data: 'mnist-sample',
  model: 'mlp',
  generatorHidden: [32],
  discriminatorHidden: [32],
  latentDim: 16,
  batchSize: 16,
  sampleEvery: 10,
  checkpointEvery: 10,
  logEvery: 5,
  backend: 'cpu',
  seed: 5,
};

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every event of every event file in the run folder, in TensorBoard's file order. */
async function allEvents(dir: string): Promise<ReadEvent[]> {
  const files = await listEventFiles(dir);
  return (await Promise.all(files.map((f) => readEventFile(f)))).flatMap((c) => c.events);
}

/** step → value of one scalar tag, failing on a step seen twice. */
function scalarSeries(events: ReadEvent[], tag: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of events) {
    const v = e.summary?.find((s) => s.tag === tag);
    if (v?.simpleValue === undefined) continue;
    expect(out.has(e.step), `step ${e.step} of ${tag} twice`).toBe(false);
    out.set(e.step, v.simpleValue);
  }
  return out;
}

/** The sample grids on disk, by step, as sha256. */
async function sampleHashes(dir: string): Promise<[number, string][]> {
  const names = (await readdir(join(dir, 'samples'))).sort();
  return Promise.all(
    names.map(async (n) => [
      Number(/step-(\d+)/.exec(n)?.[1]),
      sha256(await readFile(join(dir, 'samples', n))),
    ]),
  ) as Promise<[number, string][]>;
}

let tb: TensorboardPython = { reason: 'not set up' };
beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
  tb = await tensorboardPython();
}, 600_000);

describe('the run folder’s TensorBoard events', () => {
  it('hold every step’s scalars (as metrics.jsonl) and every sample grid, in one file', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gantry-tb-run-')), 'run');
    const before = tf.memory().numTensors;
    await runTraining({ ...config, steps: 25, out });
    expect(tf.memory().numTensors).toBe(before);
    const files = await listEventFiles(out);
    expect(files).toHaveLength(1);
    const events = await allEvents(out);
    expect(events[0]?.fileVersion).toBe('brain.Event:2');
    expect(events[1]?.sessionLog).toEqual({ status: 1 }); // SessionLog START at step 0
    const metrics = await readRunMetrics(out);
    expect(metrics).toHaveLength(25);
    const fields = ['lossD', 'lossG', 'penalty', 'dReal', 'dFake', 'stepMs'] as const;
    for (const field of fields) {
      const series = scalarSeries(events, TENSORBOARD_TAGS[field]);
      expect([...series.keys()]).toEqual(metrics.map((m) => m.step));
      for (const m of metrics) {
        // metrics.jsonl keeps 7 significant digits (stepMs 2 decimals), TensorBoard a float32.
        expect(series.get(m.step)).toBeCloseTo(m[field], field === 'stepMs' ? 1 : 5);
      }
    }
    const images = events.flatMap((e) =>
      (e.summary ?? [])
        .filter((s) => s.tag === 'samples')
        .map((s) => [e.step, sha256(s.image?.encoded as Uint8Array)]),
    );
    expect(images).toEqual(await sampleHashes(out)); // steps 0, 10, 20 and the final 25
    expect(images.map(([s]) => s)).toEqual([0, 10, 20, 25]);
  });

  it('a run killed after its checkpoint and resumed shows each step once, the resumed values', async (ctx) => {
    const out = join(await mkdtemp(join(tmpdir(), 'gantry-tb-resume-')), 'run');
    // A crash at step 25: the checkpoint is at 20, the event file already holds 21..25.
    const crash = {
      afterStep: ({ trainer }: { trainer: { steps: number } }) => {
        if (trainer.steps === 25) throw new Error('killed');
      },
    };
    await expect(runTraining({ ...config, steps: 40, out }, { hooks: [crash] })).rejects.toThrow(
      'killed',
    );
    const crashed = scalarSeries(await allEvents(out), TENSORBOARD_TAGS.lossD);
    expect(Math.max(...crashed.keys())).toBe(25);

    await runTraining({}, { resume: out, steps: 30 });
    const files = await listEventFiles(out);
    expect(files).toHaveLength(2);
    const first = await readEventFile(files[0] as string);
    expect(Math.max(...first.events.map((e) => e.step))).toBe(20); // cut back to the checkpoint
    const second = await readEventFile(files[1] as string);
    expect(second.events[1]).toMatchObject({ step: 21, sessionLog: { status: 1 } });

    const metrics = await readRunMetrics(out); // cut back at the resume, then continued
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const ours = scalarSeries(await allEvents(out), TENSORBOARD_TAGS.lossD);
    expect([...ours.keys()]).toEqual(metrics.map((m) => m.step));
    for (const m of metrics) expect(ours.get(m.step)).toBeCloseTo(m.lossD, 5);

    const python = pythonOrSkip(tb, ctx);
    const read = await readWithTensorboard(python, out);
    const lossD = read.scalars[TENSORBOARD_TAGS.lossD] ?? [];
    expect(lossD.map(([step]) => step)).toEqual(metrics.map((m) => m.step));
    for (const [i, m] of metrics.entries()) expect(lossD[i]?.[1]).toBeCloseTo(m.lossD, 5);
    expect(read.images['samples']?.map(([step, , , hash]) => [step, hash])).toEqual(
      await sampleHashes(out),
    );
  });

  it('gantry eval’s scalars go into a new .eval file at the evaluated generator’s step', async (ctx) => {
    const out = join(await mkdtemp(join(tmpdir(), 'gantry-tb-eval-')), 'run');
    await runTraining({ ...config, steps: 12, sampleEvery: 0, out });
    const path = await writeEvalEvents(out, { fid: 31.5, modes_captured: 0 });
    expect(path).toMatch(/events\.out\.tfevents\.\d{10}\..+\.eval$/);
    const events = (await readEventFile(path)).events;
    expect(events[1]).toMatchObject({
      step: 12,
      summary: [
        { tag: 'eval/fid', simpleValue: 31.5 },
        { tag: 'eval/modes_captured', simpleValue: 0 },
      ],
    });
    const python = pythonOrSkip(tb, ctx);
    const read = await readWithTensorboard(python, out);
    expect(read.scalars['eval/fid']?.map(([s, v]) => [s, v])).toEqual([[12, 31.5]]);
    expect(read.scalars[TENSORBOARD_TAGS.lossG]).toHaveLength(12);
  });
});
