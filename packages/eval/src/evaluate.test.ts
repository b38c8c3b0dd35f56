import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { useFastBackend } from '@gantry/test-utils';
import { runTraining } from '@gantry/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateReal, evaluateRun, writeEvalReport } from './evaluate';

let imageRun = '';
let heldOutRun = '';
let toyRun = '';

beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
  const root = await mkdtemp(join(tmpdir(), 'gantry-eval-'));
  imageRun = join(root, 'mnist');
  toyRun = join(root, 'ring');
  const common = { sampleEvery: 0, logEvery: 100, backend: 'cpu', seed: 1 } as const;
  const smallMlp = {
    data: 'mnist-sample',
    model: 'mlp' as const,
    generatorHidden: [64],
    discriminatorHidden: [64],
    maxoutPieces: 0,
    latentDim: 16,
    batchSize: 32,
  };
  await runTraining({ ...common, ...smallMlp, out: imageRun, steps: 60 });
  heldOutRun = join(root, 'mnist-held-out');
  await runTraining({ ...common, ...smallMlp, out: heldOutRun, steps: 5, holdOut: true });
  await runTraining({ ...common, out: toyRun, data: 'ring2d', steps: 200, batchSize: 64 });
  // runTraining selected the plain cpu backend of its config; evaluate on the fast one.
  await useFastBackend(() => import('@gantry/backend-native'));
}, 120_000);

describe('evaluateRun on an image run', () => {
  it("says whether Goodfellow et al.'s protocol was followed: a holdOut run's σ is chosen on unseen images", async () => {
    const report = await evaluateRun(heldOutRun, { n: 200, metrics: ['parzen'] });
    expect(report.splits).toMatchObject({ validation: 1000, test: 2000, heldOut: true });
    expect(report.splits?.protocol).toMatch(/^followed/);
  });

  it('computes every image metric, skips the toy ones saying why, and real digits beat it', async () => {
    const report = await evaluateRun(imageRun, { n: 1000, kidSubsets: 10 });
    expect(report).toMatchObject({ subject: 'generator', data: 'mnist-sample', n: 1000, seed: 0 });
    expect(report.run).toBe(imageRun);
    expect(report.skipped.modes).toMatch(/toy/);
    expect(report.skipped.jsd).toMatch(/toy/);
    expect(report.splits).toMatchObject({ validation: 1000, test: 2000, heldOut: false });
    expect(report.splits?.protocol).toMatch(/^not followed: the run trained on the validation/);
    const { parzen, fid, kid, score, diagnostics } = report;
    if (!(parzen && fid && kid && score && diagnostics)) throw new Error('a metric is missing');
    expect(fid.value).toBeGreaterThan(0);
    expect(Number.isFinite(kid.mean)).toBe(true);
    expect(score.inceptionScore.mean).toBeGreaterThanOrEqual(1);
    expect(score.coverage.numClasses).toBe(10);
    expect(diagnostics.meanDReal).toBeGreaterThan(0);
    expect(diagnostics.meanDReal).toBeLessThan(1);

    const real = await evaluateReal('mnist-sample', {
      n: 1000,
      kidSubsets: 10,
      metrics: ['parzen', 'fid', 'kid', 'score'],
    });
    expect(real.subject).toBe('real');
    const r = real as Required<typeof real>;
    // 60 steps of a small MLP are far from the data; real held-out digits are close to it.
    expect(r.fid.value).toBeLessThan(fid.value / 5);
    expect(r.kid.mean).toBeLessThan(kid.mean);
    expect(r.parzen.mean).toBeGreaterThan(parzen.mean);
    // The shipped classifier is 98% right on these digits: confident and spread over 10 classes.
    expect(r.score.inceptionScore.mean).toBeGreaterThan(8);
    expect(r.score.coverage.classesHit).toBe(10);
    expect(r.score.coverage.normalizedEntropy).toBeGreaterThan(0.99);
  }, 120_000);

  it('is reproducible for a seed and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const a = await evaluateRun(imageRun, { n: 300, metrics: ['fid', 'score'], seed: 4 });
    const b = await evaluateRun(imageRun, { n: 300, metrics: ['fid', 'score'], seed: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(b.fid?.value).toBe(a.fid?.value);
    expect(b.score?.inceptionScore).toEqual(a.score?.inceptionScore);
    expect(a.parzen).toBeUndefined();
  }, 60_000);
});

describe('evaluateRun on a toy run', () => {
  it('computes modes, JSD and diagnostics, and writes eval.json atomically', async () => {
    const report = await evaluateRun(toyRun, { n: 2000 });
    expect(report.skipped.fid).toMatch(/toy distribution/);
    const { modes, jsd, diagnostics } = report;
    if (!(modes && jsd && diagnostics)) throw new Error('a metric is missing');
    expect(modes.numModes).toBe(8);
    expect(modes.n).toBe(2000);
    expect(jsd.jsd).toBeGreaterThan(0);
    // ≤ log 2 up to Monte Carlo error and rounding (an EMA G of 200 steps is disjoint from the
    // ring: every term is log 2, stderr 0).
    expect(jsd.jsd).toBeLessThanOrEqual(Math.log(2) + 4 * jsd.stderr + 1e-12);
    expect(diagnostics.nReal).toBe(2000);
    const path = await writeEvalReport(toyRun, report);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));

    const real = await evaluateReal('ring2d', { n: 2000 });
    expect(real.modes?.modesPacGan).toBe(8);
    expect(real.skipped.diagnostics).toMatch(/trained discriminator/);
    expect(real.jsd?.jsd).toBeLessThan(jsd.jsd);
  }, 60_000);

  it('refuses a metric that does not apply, and names it', async () => {
    const error = await evaluateRun(toyRun, { n: 100, metrics: ['fid'] }).catch((e) => e);
    expect(isGantryError(error) && error.code).toBe('E_UNSUPPORTED');
    expect((error as Error).message).toMatch(/--metric fid: fid scores images; ring2d is a toy/);
    await expect(evaluateRun(toyRun, { n: 1 })).rejects.toThrow('n must be an integer ≥ 2');
    await expect(evaluateRun(join(toyRun, 'nope'))).rejects.toThrow(/no readable config.json/);
  });
});
