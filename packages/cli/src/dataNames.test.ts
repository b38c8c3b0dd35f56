import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFastBackend } from '@gantry/test-utils';
import { encodePng } from '@gantry/trainer/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './__tests__/runCli';

let root = '';
let pngs = '';
const savedCache = process.env['GANTRY_CACHE_DIR'];

beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
  root = await mkdtemp(join(tmpdir(), 'gantry-names-'));
  // An empty download cache: mnist and cifar10 have no files here.
  process.env['GANTRY_CACHE_DIR'] = join(root, 'cache');
  pngs = join(root, 'pngs');
  const png = encodePng({ width: 28, height: 28, data: new Uint8Array(28 * 28 * 4).fill(128) });
  await mkdir(pngs);
  for (const name of ['a.png', 'b.png', 'c.png', 'd.png']) await writeFile(join(pngs, name), png);
});

afterAll(() => {
  if (savedCache === undefined) delete process.env['GANTRY_CACHE_DIR'];
  else process.env['GANTRY_CACHE_DIR'] = savedCache;
});

/** The names `gantry data list --json` prints, with their kind. */
async function listed(): Promise<{ name: string; kind: string }[]> {
  const r = await cli('data', 'list', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

/** Data sets whose standard files are not on this machine (no download cache, no Debian package). */
const NEEDS_FILES = new Set(['mnist', 'cifar10']);

describe('one name per data set', () => {
  it('every name `data list` prints is accepted by `train --data`, in any case', async () => {
    const names = await listed();
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const { name } of names) {
      const dir = name === 'image-folder' ? ['--data-dir', pngs] : [];
      const r = await cli(
        'train',
        '--data',
        name.toUpperCase(),
        ...dir,
        '--steps',
        '1',
        '--batch-size',
        '4',
        '--sample-every',
        '0',
        '--backend',
        'cpu',
        '--out',
        join(root, `train-${name}`),
      );
      expect(r.err, name).not.toMatch(/unknown data/);
      if (NEEDS_FILES.has(name)) {
        expect(r.code, name).toBe(1);
        expect(r.err, name).toContain(`gantry data download ${name}`);
      } else {
        expect(r.code, `${name}: ${r.err}`).toBe(0);
        expect(r.out, name).toMatch(/trained 1 steps/);
      }
    }
  }, 120_000);

  it('every name that eval scores against is accepted by `eval --data … --against real`', async () => {
    for (const { name, kind } of await listed()) {
      // Every toy metric that applies (none for the Swiss roll), Parzen for images.
      const metric = kind === 'toy' ? 'all' : 'parzen';
      const r = await cli(
        'eval',
        '--data',
        name,
        '--against',
        'real',
        '--metric',
        metric,
        '--n',
        '20',
        '--backend',
        'cpu',
      );
      expect(r.err, name).not.toMatch(/unknown data/);
      if (name === 'image-folder') {
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/no real reference images for data "image-folder"/);
      } else if (NEEDS_FILES.has(name)) {
        expect(r.code, name).toBe(1);
      } else {
        expect(r.code, `${name}: ${r.err}`).toBe(0);
      }
    }
  }, 120_000);

  it('suggests the nearest name for a near miss, as a usage error', async () => {
    const r = await cli('train', '--data', 'rign2d');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown data "rign2d"; did you mean "ring2d"\?/);
    const d = await cli('data', 'download', 'fashion-mnst');
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/did you mean "fashion-mnist"/);
    const toy = await cli('data', 'download', 'ring2d');
    expect(toy.code).toBe(2);
    expect(toy.err).toMatch(/ring2d is not downloaded/);
  });

  it('help names the flag the data list speaks of and the real default latent size', async () => {
    const list = await cli('data', 'list');
    expect(list.out).toContain('--data-dir');
    expect(list.out).not.toMatch(/a --dir\b/);
    const help = await cli('train', '--help');
    expect(help.out).toMatch(/default 64 mlp, 100 dcgan, 2 toy data/);
    expect(help.out).toContain('swissRoll2d');
    expect(help.out).not.toContain('folder:PATH');
  });
});
