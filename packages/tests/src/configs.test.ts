import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getLoss, LOSS_NAMES } from '@gantry/losses';
import { parseTrainConfig, resolveTrainConfig } from '@gantry/trainer';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workspaceRoot } from './_pack';

const dir = join(workspaceRoot, 'configs');

describe('configs/ (the study notes’ experiment, ready to run)', async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));

  it('holds the six objectives of the slides and Goodfellow’s MLP setting', () => {
    expect(files.sort()).toEqual([
      'goodfellow-mnist-mlp.yaml',
      'slides-lsgan.yaml',
      'slides-minimax.yaml',
      'slides-non-saturating.yaml',
      'slides-regularized-least-squares.yaml',
      'slides-wasserstein-gp.yaml',
      'slides-wasserstein.yaml',
    ]);
  });

  it.each(files)('%s is a valid config with the slides’ settings', async (file) => {
    const raw = parse(await readFile(join(dir, file), 'utf8'));
    const config = resolveTrainConfig(parseTrainConfig(raw, file));
    // What the trainer will build from the resolved config (and what a resume rebuilds).
    expect(getLoss(config.loss, config.lossOptions).name).toBe(config.loss);
    expect(config.data).toBe('mnist');
    expect(config.epochs).toBe(20);
    if (file.startsWith('slides-')) {
      expect(config).toMatchObject({
        model: 'dcgan',
        batchSize: 64,
        latentDim: 100,
        lrD: 1e-4,
        lrG: 1e-4,
      });
      expect(config.optimizer).toBe(file.includes('wasserstein.') ? 'rmsprop' : 'adam');
      if (config.optimizer === 'adam') expect(config.beta1).toBe(0.5);
      // The slides give no k: each file says what it chose and why (issue 14 item 3).
      const text = await readFile(join(dir, file), 'utf8');
      expect(text).toMatch(/^k: \d+ # the slides give no k; .+$/m);
      expect(config.k).toBe(file.includes('wasserstein') ? 5 : 1);
    } else {
      // goodfeli/adversarial mnist.yaml and adversarial/__init__.py (issue 14 item 8).
      expect(config).toMatchObject({
        model: 'mlp',
        loss: 'non-saturating',
        prior: 'normal',
        latentDim: 100,
        generatorHidden: [1200, 1200],
        discriminatorHidden: [240, 240],
        maxoutPieces: 5,
        dropout: 0.5,
        batchSize: 100,
        optimizer: 'sgd',
        k: 1,
        lrD: 0.05,
        lrG: 0.1,
        momentum: 0.5,
        lrDecay: 1.000004,
        minLr: 1e-6,
        momentumFinal: 0.7,
        momentumStart: 500,
        momentumSaturate: 125_000,
      });
    }
  });

  it.each([...LOSS_NAMES])('loss %s: the resolved config rebuilds the loss', (loss) => {
    const config = resolveTrainConfig({ loss });
    expect(getLoss(config.loss, config.lossOptions).name).toBe(loss);
  });
});
