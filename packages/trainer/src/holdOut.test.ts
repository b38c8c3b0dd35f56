import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTrainConfig } from './config';
import { prepareTraining } from './prepareTraining';

const small = {
  data: 'mnist-sample',
  model: 'mlp' as const,
  generatorHidden: [8],
  discriminatorHidden: [8],
  maxoutPieces: 0,
  latentDim: 4,
  steps: 1,
  backend: 'cpu' as const,
  sampleEvery: 0,
};

describe('holdOut: training leaves the evaluation’s images out', () => {
  it('trains on the 7,000 embedded digits that are neither test nor validation, and records it', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gantry-holdout-')), 'run');
    const run = await prepareTraining({ ...small, out, holdOut: true });
    try {
      expect(run.data.kind === 'image' && run.data.source.count).toBe(7000);
      expect(run.record.config.holdOut).toBe(true);
    } finally {
      run.dispose();
    }
    const all = await prepareTraining({ ...small, out: `${out}-all` });
    try {
      expect(all.data.kind === 'image' && all.data.source.count).toBe(10_000);
      expect(all.record.config.holdOut).toBeUndefined();
    } finally {
      all.dispose();
    }
  });

  it('is an error naming the key for data that evaluation keeps no images of', () => {
    expect(() => resolveTrainConfig({ data: 'ring2d', holdOut: true })).toThrow(
      /`holdOut` keeps the evaluation's images out of training; ring2d has none \(it applies to mnist-sample/,
    );
  });
});
