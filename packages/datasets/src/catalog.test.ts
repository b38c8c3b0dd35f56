import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorKind, isGantryError } from '@gantry/core';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { tempDir } from './__tests__/fixtures';
import { DATASETS, datasetNames, findDataset } from './catalog';
import { getToyDistribution } from './getToyDistribution';
import { KNOWN_SOURCES } from './knownSources';
import { loadDataset } from './loadDataset';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the dataset catalog', () => {
  it('has one entry per canonical name, each consistent with what it declares', () => {
    const names = datasetNames();
    expect(new Set(names).size).toBe(names.length);
    for (const d of DATASETS) {
      expect(findDataset(d.name)).toBe(d);
      if (d.kind === 'toy') expect(d.shape).toEqual([getToyDistribution(d.name).dim]);
      if (d.download) expect(Object.keys(KNOWN_SOURCES)).toContain(d.download);
      if (d.source === 'files') expect(d.needs).toContain('--data-dir');
      if (d.classifier) expect(d.shape).toEqual([28, 28, 1]);
    }
    expect(datasetNames((d) => d.classifier !== undefined)).toEqual([
      'mnist-sample',
      'mnist',
      'fashion-mnist',
    ]);
  });

  it('matches names case-insensitively and ignoring - and _', () => {
    expect(findDataset('Fashion_MNIST').name).toBe('fashion-mnist');
    expect(findDataset('swissroll2d').name).toBe('swissRoll2d');
    expect(findDataset('CIFAR-10').name).toBe('cifar10');
  });

  it('suggests the nearest name on a near miss, as a usage error naming the option', () => {
    const near = thrown(() => findDataset('rign2d'));
    expect(isGantryError(near, 'E_UNKNOWN_NAME')).toBe(true);
    expect(errorKind(near)).toBe('usage');
    expect((near as Error).message).toMatch(
      /^unknown data "rign2d"; did you mean "ring2d"\? known: /,
    );
    expect((near as { details: object }).details).toMatchObject({
      option: 'data',
      suggestion: 'ring2d',
    });
    const far = thrown(() => findDataset('imagenet')) as Error;
    expect(far.message).toBe(`unknown data "imagenet"; known: ${datasetNames().join(', ')}`);
    const folder = thrown(() => findDataset('folder:./pngs')) as Error;
    expect(folder.message).toMatch(/did you mean "image-folder" with dataDir "\.\/pngs"\?/);
  });
});

describe('loadDataset', () => {
  it('loads a toy distribution and the embedded sample by their names', async () => {
    const ring = await loadDataset('Ring2D');
    expect(ring).toMatchObject({ kind: 'toy', sampleShape: [2] });
    expect(ring.entry.name).toBe('ring2d');
    const sample = await loadDataset('mnist-sample');
    expect(sample).toMatchObject({ kind: 'image', sampleShape: [28, 28, 1] });
    expect(sample.kind === 'image' && sample.source.count).toBe(10_000);
  });

  it('says where to put the files of a dataset that needs them', async () => {
    const cache = await tempDir('gantry-cache-');
    const error = await loadDataset('mnist', { env: { GANTRY_CACHE_DIR: cache } }).catch((e) => e);
    expect(isGantryError(error, 'E_NOT_FOUND')).toBe(true);
    expect(error.message).toContain(join(cache, 'mnist'));
    expect(error.message).toContain('gantry data download mnist');
    expect(error.details.option).toBe('dataDir');
    const folder = await loadDataset('image-folder').catch((e) => e);
    expect(isGantryError(folder, 'E_INVALID_ARGUMENT')).toBe(true);
  });

  it('reads an image folder from dataDir at the size and channels asked', async () => {
    const dir = await tempDir('gantry-pngs-');
    const image = new pngjs.PNG({ width: 8, height: 6 });
    image.data.fill(200);
    await writeFile(join(dir, 'a.png'), pngjs.PNG.sync.write(image));
    await writeFile(join(dir, 'b.png'), pngjs.PNG.sync.write(image));
    await writeFile(join(dir, 'broken.png'), 'not a png');
    const skipped: string[] = [];
    const data = await loadDataset('image-folder', {
      dataDir: dir,
      imageSize: 12,
      channels: 3,
      onSkip: (file) => skipped.push(file),
    });
    expect(data).toMatchObject({ kind: 'image', sampleShape: [12, 12, 3] });
    expect(data.kind === 'image' && data.source.count).toBe(2);
    expect(skipped).toEqual(['broken.png']);
  });
});
