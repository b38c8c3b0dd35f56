import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@gantry/core';
import { useFastBackend } from '@gantry/test-utils';
import { parseSweepSummary } from '@gantry/trainer';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPERIMENTS } from './experiments';
import { runZoo, type ZooEvent } from './runZoo';

beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
});

describe('runZoo at a tiny budget', () => {
  it('trains all six objectives, scores them and the real images, and writes the report', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'loss-zoo-')), 'zoo');
    const events: ZooEvent[] = [];
    const backend = await selectBackend({
      prefer: tf.getBackend() as 'native' | 'cpu',
      importModule: (id) => import(id),
    });
    const { report, json, result } = await runZoo({
      out,
      steps: 3,
      batchSize: 16,
      nEval: 150,
      seed: 1,
      backend,
      onEvent: (e) => events.push(e),
    });
    expect((await readdir(out)).sort()).toEqual(
      [...EXPERIMENTS.map((e) => e.id), 'report.html', 'report.json', 'summary.json'].sort(),
    );
    expect(events.filter((e) => e.type === 'experiment')).toHaveLength(6);
    for (const x of result.experiments) {
      expect(x.outcome, x.id).toBe('completed');
      expect(x.steps, x.id).toBe(3);
      expect(
        x.curve.map((c) => c.step),
        x.id,
      ).toEqual([1, 2, 3]);
      expect(x.evaluation?.fid?.value, x.id).toBeGreaterThan(0);
      expect(x.evaluation?.parzen?.kernels, x.id).toBe(150);
      expect(x.samplePngBase64, x.id).toMatch(/^iVBORw0KGgo/); // PNG signature in base64
    }
    // Real held-out digits score better than any 3-step generator.
    const realFid = result.reference?.fid?.value as number;
    for (const x of result.experiments)
      expect(realFid).toBeLessThan(x.evaluation?.fid?.value as number);

    const html = await readFile(report, 'utf8');
    expect(html).toContain('<h1>Loss zoo: six GAN objectives, one DCGAN</h1>');
    for (const e of EXPERIMENTS) {
      expect(html).toContain(`<section id="${e.id}">`);
      expect(html).toContain(`alt="samples of ${e.id}"`);
    }
    expect(html.match(/<svg /g)).toHaveLength(12); // loss and D curves per objective
    expect(html).toContain(`Backend <b>${backend.backend}</b>`);
    expect(html).toMatch(/<em>real mnist-sample images<\/em>/);
    const rows = html.match(/<tr><td>/g) ?? [];
    expect(rows).toHaveLength(7);
    // The zoo ran as a sweep: its summary.json is the sweep folder's, every objective done.
    const summary = parseSweepSummary(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.jobs.map((j) => [j.id, j.status])).toEqual(
      EXPERIMENTS.map((e) => [e.id, 'done']),
    );
    expect(Object.keys(summary.sweep.grid)).toEqual(['variant']);
    expect(summary.jobs[0]?.eval).toHaveProperty('fid');
    const saved = JSON.parse(await readFile(json, 'utf8'));
    expect(saved.experiments).toHaveLength(6);
    expect(saved.experiments[0].samplePngBase64).toBeUndefined();
  }, 180_000);

  it('trains the objectives in their own processes, two at once, with the same report', async () => {
    // The built bin, as users run it (the README's test command builds first): a bundle of the
    // sources would not find @gantry/eval's classifier files next to its own dist/.
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (pnpm build)`);
    const out = join(await mkdtemp(join(tmpdir(), 'loss-zoo-')), 'zoo');
    const backend = await selectBackend({
      prefer: tf.getBackend() as 'native' | 'cpu',
      importModule: (id) => import(id),
    });
    const events: ZooEvent[] = [];
    const { result } = await runZoo({
      out,
      steps: 3,
      batchSize: 16,
      nEval: 150,
      seed: 1,
      losses: ['minimax', 'lsgan', 'wasserstein'],
      backend,
      jobEntry: bin,
      parallel: 2,
      onEvent: (e) => events.push(e),
    });
    expect(result.parallel).toBe(2);
    expect(result.experiments.map((x) => [x.id, x.outcome, x.steps])).toEqual([
      ['minimax', 'completed', 3],
      ['lsgan', 'completed', 3],
      ['wasserstein', 'completed', 3],
    ]);
    for (const x of result.experiments) {
      expect(x.evaluation?.parzen?.kernels, x.id).toBe(150);
      expect(x.samplePngBase64, x.id).toMatch(/^iVBORw0KGgo/);
    }
    // Two lanes of the local runner, each job in a process of its own.
    const summary = parseSweepSummary(await readFile(join(out, 'summary.json'), 'utf8'));
    const workers = new Set(summary.jobs.map((j) => j.worker?.replace(/^.*\//, '')));
    expect([...workers].sort()).toEqual(['local-1', 'local-2']);
    const started = events.filter((e) => e.type === 'sweep' && e.event.type === 'started');
    expect(started).toHaveLength(3);
  }, 180_000);

  it('refuses data without a shipped classifier', async () => {
    const backend = await selectBackend({
      prefer: tf.getBackend() as 'native' | 'cpu',
      importModule: (id) => import(id),
    });
    await expect(runZoo({ out: tmpdir(), data: 'cifar10', backend })).rejects.toThrow(
      '--data cifar10: the loss zoo runs on mnist-sample, mnist, fashion-mnist',
    );
  });

  it('prints a typed error as one line and exits 2: an --out holding another sweep', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const out = join(await mkdtemp(join(tmpdir(), 'loss-zoo-')), 'zoo');
    const run = (steps: string) =>
      spawnSync(
        process.execPath,
        [
          bin,
          '--steps',
          steps,
          '--losses',
          'minimax',
          '--batch-size',
          '16',
          '--n-eval',
          '100',
          '--backend',
          'native',
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
    expect(run('1').status).toBe(0);
    const again = run('2');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(
      /^loss-zoo: .*summary\.json holds another sweep \(job "minimax" differs\)/m,
    );
    expect(again.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('--help fits 80 columns (not a terminal) and names every flag', () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    const lines = help.stdout.trimEnd().split('\n');
    const over = lines.filter((l) => l.length > 80 || /\s$/.test(l));
    expect(over, 'lines over 80 columns or with trailing spaces').toEqual([]);
    for (const flag of [
      '--data',
      '--steps',
      '--epochs',
      '--full',
      '--losses',
      '--parallel',
      '--out',
    ])
      expect(help.stdout).toContain(flag);
    expect(lines[0]).toMatch(/^The study notes' experiment/);
  });
});
