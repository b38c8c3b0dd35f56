import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweep, parseSweepFile } from '@gantry/trainer';
import { newSweepSummary } from '@gantry/trainer/node';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workspaceRoot } from './_pack';

const dir = join(workspaceRoot, 'configs', 'sweeps');

describe('configs/sweeps/ (sweep files, ready to run)', async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();

  it.each(files)('%s is a valid sweep whose every job resolves', async (file) => {
    const sweep = parseSweepFile(parse(await readFile(join(dir, file), 'utf8')), file);
    const summary = newSweepSummary(join(tmpdir(), 'x'), { ...sweep, jobs: expandSweep(sweep) });
    expect(summary.jobs.length).toBeGreaterThan(1);
  });

  it('slides.yaml is the loss zoo: six objectives, the slides’ DCGAN setting', async () => {
    const sweep = parseSweepFile(parse(await readFile(join(dir, 'slides.yaml'), 'utf8')));
    const summary = newSweepSummary(join(tmpdir(), 'x'), { ...sweep, jobs: expandSweep(sweep) });
    expect(summary.jobs.map((j) => j.id)).toEqual([
      'minimax',
      'non-saturating',
      'wasserstein',
      'wasserstein-gp',
      'lsgan',
      'regularized-least-squares',
    ]);
    for (const j of summary.jobs) {
      expect(j.config, j.id).toMatchObject({
        data: 'mnist',
        model: 'dcgan',
        epochs: 20,
        batchSize: 64,
        lrD: 1e-4,
      });
    }
    expect(summary.jobs.find((j) => j.id === 'wasserstein')?.config.optimizer).toBe('rmsprop');
  });
});
