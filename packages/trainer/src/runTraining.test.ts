import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { getLoss } from '@gantry/losses';
import { loadModel } from '@gantry/models/node';
import { useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from './config';
import { openRun } from './openRun';
import { runTraining, type TrainEvent } from './runTraining';
import { sampleFromRun } from './sampleFromRun';

async function tempRun(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'gantry-run-')), name);
}

async function metricLines(dir: string): Promise<Record<string, number>[]> {
  const text = await readFile(join(dir, 'metrics.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const mnistSmall: TrainConfigInput = {
  data: 'mnist-sample',
  model: 'mlp',
  generatorHidden: [32],
  discriminatorHidden: [32],
  maxoutPieces: 2,
  latentDim: 16,
  batchSize: 16,
  steps: 12,
  sampleEvery: 5,
  checkpointEvery: 5,
  logEvery: 4,
  backend: 'cpu',
  seed: 3,
};

describe('runTraining (the run folder)', () => {
  beforeAll(() => useFastBackend(() => import('@gantry/backend-native')));

  it('writes config.json, metrics.jsonl, sample grids, checkpoints and a loadable generator', async () => {
    const out = await tempRun('mnist');
    const events: TrainEvent[] = [];
    const summary = await runTraining({ ...mnistSmall, out }, { onEvent: (e) => events.push(e) });
    expect(summary.reason).toBe('completed');
    expect(summary.steps).toBe(12);
    const record = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(record.config).toMatchObject({
      data: 'mnist-sample',
      model: 'mlp',
      loss: 'non-saturating',
      steps: 12,
      batchSize: 16,
    });
    expect(record.backend.name).toBe('cpu');
    expect(record.versions['@gantry/trainer']).toMatch(/^\d+\.\d+\.\d+/);
    const lines = await metricLines(out);
    expect(lines.map((l) => l['step'])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const key of ['epoch', 'lossD', 'lossG', 'dReal', 'dFake', 'penalty', 'stepMs']) {
      expect(typeof lines[0]?.[key], key).toBe('number');
    }
    expect((await readdir(join(out, 'samples'))).sort()).toEqual([
      'step-000000.png',
      'step-000005.png',
      'step-000010.png',
      'step-000012.png',
    ]);
    const png = PNG.sync.read(await readFile(join(out, 'samples', 'step-000012.png')));
    expect([png.width, png.height]).toEqual([8 * 28 + 9 * 2, 8 * 28 + 9 * 2]);
    expect((await readdir(join(out, 'checkpoints'))).sort()).toEqual([
      'latest',
      'step-000005',
      'step-000010',
      'step-000012',
    ]);
    expect((await readFile(join(out, 'checkpoints', 'latest'), 'utf8')).trim()).toBe('step-000012');
    const g = await loadModel(join(out, 'generator'));
    const x = tf.tidy(() => g.predict(tf.zeros([2, 16])) as tf.Tensor);
    expect(x.shape).toEqual([2, 28, 28, 1]);
    tf.dispose(x);
    expect(events.map((e) => e.type).filter((t) => t !== 'step')).toEqual([
      'start',
      'sample',
      'sample',
      'checkpoint',
      'sample',
      'checkpoint',
      'checkpoint',
      'sample',
      'end',
    ]);
    // The run folder's owner reads back what was written.
    const run = await openRun(out);
    expect(run.record).toMatchObject({ format: 1, totalSteps: 12, config: { steps: 12 } });
    expect((await run.metrics()).map((m) => m.step)).toEqual(lines.map((l) => l['step']));
    expect((await run.samples()).map((p) => p.slice(out.length + 1))).toEqual([
      'samples/step-000000.png',
      'samples/step-000005.png',
      'samples/step-000010.png',
      'samples/step-000012.png',
    ]);
    const d = await run.loadDiscriminator();
    expect(d?.outputs[0]?.shape).toEqual([null, 1]);
    d?.dispose();
    const grid = join(out, 'grid.png');
    const sampled = await sampleFromRun({ run: out, n: 9, seed: 1, out: grid });
    expect(sampled.shape).toEqual([9, 28, 28, 1]);
    expect((await stat(grid)).size).toBeGreaterThan(100);
  });

  /** Runs `base` for 20 steps straight and as 10 + resume; returns both folders after checking they agree. */
  async function expectExactResume(
    base: TrainConfigInput,
  ): Promise<{ full: string; split: string }> {
    const full = await tempRun('full');
    await runTraining({ ...base, out: full });
    const split = await tempRun('split');
    const controller = new AbortController();
    const first = await runTraining(
      { ...base, out: split },
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'step' && e.metrics.step === 10) controller.abort();
        },
      },
    );
    expect(first).toMatchObject({ reason: 'interrupted', steps: 10 });
    expect((await readFile(join(split, 'checkpoints', 'latest'), 'utf8')).trim()).toBe(
      'step-000010',
    );
    const second = await runTraining({}, { resume: split });
    expect(second).toMatchObject({ reason: 'completed', steps: 20 });
    const a = await metricLines(full);
    const b = await metricLines(split);
    const strip = (l: Record<string, number>) => ({ ...l, stepMs: 0 });
    expect(b.map(strip)).toEqual(a.map(strip));
    // The final generators are identical too.
    expect(await generatorWeights(split)).toEqual(await generatorWeights(full));
    return { full, split };
  }

  async function generatorWeights(dir: string): Promise<number[][]> {
    const g = await loadModel(join(dir, 'generator'));
    const weights = g.getWeights().map((w) => Array.from(w.dataSync()));
    g.dispose();
    return weights;
  }

  const toyResume: TrainConfigInput = {
    data: 'ring2d',
    generatorHidden: [16, 16],
    discriminatorHidden: [16, 16],
    batchSize: 32,
    steps: 20,
    sampleEvery: 0,
    checkpointEvery: 7,
    backend: 'cpu',
    seed: 11,
  };

  it('resumes exactly: stopped at step 10 and resumed, steps 11…20 equal the uninterrupted run', async () => {
    await expectExactResume({ ...toyResume, ema: 0.9 });
  });

  it('resumes exactly with a learning-rate decay and a momentum ramp, which the checkpoint records', async () => {
    const schedule = {
      lrDecay: 1.1,
      minLr: 0.01,
      momentumFinal: 0.9,
      momentumStart: 3,
      momentumSaturate: 16,
    };
    const scheduled = {
      ...toyResume,
      optimizer: 'sgd',
      lrD: 0.05,
      lrG: 0.05,
      ...schedule,
    } as const;
    const { full, split } = await expectExactResume(scheduled);
    const state = JSON.parse(
      await readFile(join(split, 'checkpoints', 'step-000010', 'state.json'), 'utf8'),
    );
    expect(state.state.optimizerG.schedule).toEqual(schedule);
    // The schedule changes the run (so the equality above is not that of two constant-lr runs).
    const constant = await tempRun('constant');
    await runTraining({ ...toyResume, optimizer: 'sgd', lrD: 0.05, lrG: 0.05, out: constant });
    expect(await generatorWeights(constant)).not.toEqual(await generatorWeights(full));
  });

  it('resumes from a checkpoint older than the last logged step, dropping the lines after it', async () => {
    const out = await tempRun('older');
    const controller = new AbortController();
    // Simulate a crash: stop the process's view at step 8 without the interruption checkpoint
    // by killing the loop through a throwing listener after step 8 (checkpoint was at 5).
    await expect(
      runTraining(
        {
          data: 'ring2d',
          generatorHidden: [8],
          discriminatorHidden: [8],
          batchSize: 16,
          steps: 12,
          sampleEvery: 0,
          checkpointEvery: 5,
          logEvery: 1,
          backend: 'cpu',
          out,
        },
        {
          signal: controller.signal,
          onEvent: (e) => {
            if (e.type === 'step' && e.metrics.step === 8) throw new Error('simulated crash');
          },
        },
      ),
    ).rejects.toThrowError('simulated crash');
    expect((await metricLines(out)).length).toBeGreaterThanOrEqual(7);
    const resumed = await runTraining({}, { resume: out });
    expect(resumed.steps).toBe(12);
    expect((await metricLines(out)).map((l) => l['step'])).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('stops on a NaN loss with a message naming the step and keeps the last good checkpoint', async () => {
    const out = await tempRun('nan');
    const base = getLoss('non-saturating');
    let calls = 0;
    const loss = {
      ...base,
      generatorLoss: (fake: tf.Tensor) => {
        calls += 1;
        const l = base.generatorLoss(fake);
        return calls === 7 ? tf.tidy(() => tf.div(l, 0) as tf.Scalar) : l;
      },
    };
    try {
      await runTraining(
        {
          data: 'ring2d',
          generatorHidden: [8],
          discriminatorHidden: [8],
          batchSize: 16,
          steps: 20,
          sampleEvery: 0,
          checkpointEvery: 5,
          backend: 'cpu',
          out,
        },
        { loss },
      );
      expect.unreachable();
    } catch (error) {
      expect(isGantryError(error, 'E_NONFINITE_LOSS')).toBe(true);
      expect((error as Error).message).toMatch(
        /training diverged: lossG is (Infinity|-Infinity|NaN) at step 7/,
      );
      expect((error as Error).message).toContain(join(out, 'checkpoints', 'step-000005'));
    }
    expect((await readFile(join(out, 'checkpoints', 'latest'), 'utf8')).trim()).toBe('step-000005');
    expect(await readdir(join(out, 'checkpoints'))).not.toContain('step-000007');
  });

  it('refuses to overwrite an existing run and names what to do instead', async () => {
    const out = await tempRun('twice');
    const cfg: TrainConfigInput = {
      data: 'ring2d',
      generatorHidden: [4],
      discriminatorHidden: [4],
      steps: 1,
      sampleEvery: 0,
      backend: 'cpu',
      out,
    };
    await runTraining(cfg);
    await expect(runTraining(cfg)).rejects.toThrowError(
      /already holds a run; continue it with --resume/,
    );
  });
});
