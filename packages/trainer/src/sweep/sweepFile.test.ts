import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorKind, isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { expandSweep, parseSweepFile, sanitizeJobId } from './sweepFile';
import { newSweepSummary } from './sweepFolder';
import { parseSweepSummary } from './sweepSummary';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('sweep files', () => {
  it('expands the grid into the product, first key slowest, with readable ids', () => {
    const sweep = parseSweepFile({
      name: 'losses',
      base: { data: 'ring2d', steps: 50 },
      grid: { loss: ['non-saturating', 'lsgan'], seed: [3, 4] },
    });
    const jobs = expandSweep(sweep);
    expect(jobs.map((j) => j.id)).toEqual([
      'loss=non-saturating,seed=3',
      'loss=non-saturating,seed=4',
      'loss=lsgan,seed=3',
      'loss=lsgan,seed=4',
    ]);
    expect(jobs[2]?.config).toEqual({ data: 'ring2d', steps: 50, loss: 'lsgan', seed: 3 });
  });

  it('takes variants (named partial configs) as one dimension, named by the variant alone', () => {
    const jobs = expandSweep(
      parseSweepFile({
        base: { data: 'ring2d' },
        grid: {
          variant: {
            wgan: { loss: 'wasserstein', optimizer: 'rmsprop' },
            ns: { loss: 'non-saturating' },
          },
          generatorHidden: [[16, 16], [32]],
        },
      }),
    );
    expect(jobs.map((j) => j.id)).toEqual([
      'wgan,generatorHidden=16x16',
      'wgan,generatorHidden=32',
      'ns,generatorHidden=16x16',
      'ns,generatorHidden=32',
    ]);
    expect(jobs[0]?.config).toMatchObject({
      loss: 'wasserstein',
      optimizer: 'rmsprop',
      generatorHidden: [16, 16],
    });
  });

  it('without a grid is one job, "base"', () => {
    expect(expandSweep(parseSweepFile({ base: { data: 'ring2d' } })).map((j) => j.id)).toEqual([
      'base',
    ]);
  });

  it('sanitises ids for folder names and queue ids', () => {
    expect(sanitizeJobId('dataDir=/x/y z:1')).toBe('dataDir=_x_y_z_1');
    expect(sanitizeJobId('..')).toBe('__');
    expect(() => expandSweep(parseSweepFile({ grid: { dataDir: ['a/b', 'a:b'] } }))).toThrow(
      'two jobs have the id "dataDir=a_b"',
    );
  });

  it('names the unknown key or the bad value, as a usage error (exit 2)', () => {
    const cases: [unknown, string][] = [
      [{ bse: {} }, 'sweep.yaml: unknown key "bse"; allowed keys: name, base, grid'],
      [{ base: { lr: 1 } }, 'unknown key "lr"'],
      [{ grid: { los: ['lsgan'] } }, 'unknown grid key "grid.los"; allowed keys: data,'],
      [{ grid: { seed: [1, 'x'] } }, '"grid.seed[1]": '],
      [{ grid: { seed: [] } }, '"grid.seed" must be a non-empty list'],
      [{ grid: { seed: 3 } }, '"grid.seed" must be a non-empty list'],
      [{ base: { out: 'x' } }, '"base.out": each job\'s run folder is DIR/<job id>'],
      [{ grid: { out: ['a'] } }, 'unknown grid key "grid.out"'],
      [{ grid: { variant: { a: { stepz: 3 } } } }, 'grid.variant.a: unknown key "stepz"'],
      [[1, 2], 'expected a mapping'],
    ];
    for (const [value, message] of cases) {
      const error = thrown(() => parseSweepFile(value, 'sweep.yaml'));
      expect(error.message, JSON.stringify(value)).toContain(message);
      expect(isGantryError(error, 'E_BAD_SWEEP'), JSON.stringify(value)).toBe(true);
      expect(errorKind(error)).toBe('usage');
    }
  });

  it('resolves every job in a summary that parseSweepSummary reads back; a bad value names the job', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-sweep-'));
    const sweep = parseSweepFile({ base: { data: 'ring2d' }, grid: { seed: [1, 2] } });
    const summary = newSweepSummary(dir, { ...sweep, jobs: expandSweep(sweep) });
    expect(parseSweepSummary(JSON.stringify(summary))).toEqual(summary);
    expect(summary.jobs[1]).toMatchObject({
      id: 'seed=2',
      runDir: 'seed=2',
      status: 'queued',
      attempts: 0,
      config: { data: 'ring2d', model: 'toy-mlp', seed: 2, out: join(dir, 'seed=2') },
    });
    const wrong = parseSweepFile({
      base: { data: 'ring2d' },
      grid: { model: ['toy-mlp', 'dcgan'] },
    });
    const error = thrown(() => newSweepSummary(dir, { ...wrong, jobs: expandSweep(wrong) }));
    expect(error.message).toMatch(/^job "model=dcgan": `model` "dcgan" needs image data/);
    expect(errorKind(error)).toBe('usage');
  });

  it('refuses a summary of a newer format, or one that is not a summary, naming the file', () => {
    expect(() => parseSweepSummary('{"format":2}', 'x/summary.json')).toThrow(
      'x/summary.json: sweep summary format 2 is newer than this gantry reads (1)',
    );
    expect(() => parseSweepSummary('{"format":1,"jobs":[]}', 'x/summary.json')).toThrow(
      'x/summary.json: not a gantry sweep summary: "sweep"',
    );
    expect(() => parseSweepSummary('{', 'x/summary.json')).toThrow('x/summary.json: not JSON');
  });
});
