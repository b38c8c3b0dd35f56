import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from './__tests__/fixtures';
import { FASHION_MNIST_CLASSES } from './classNames';
import { encodeIdx } from './idx';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist, loadMnist } from './loadMnist';
import { readIdxFile } from './readIdxFile';

const images = (n: number, seed: number) =>
  encodeIdx({
    dtype: 'uint8',
    shape: [n, 28, 28],
    data: Uint8Array.from({ length: n * 784 }, (_, i) => (i * seed) % 256),
  });
const labels = (values: number[]) =>
  encodeIdx({ dtype: 'uint8', shape: [values.length], data: values });

async function rejects(p: Promise<unknown>, code: string, match: RegExp) {
  try {
    await p;
  } catch (e) {
    expect(isGantryError(e, code)).toBe(true);
    expect((e as Error).message).toMatch(match);
    return;
  }
  throw new Error('expected a rejection');
}

describe('readIdxFile', () => {
  it('detects gzip by content, not by name', async () => {
    const dir = await tempDir('idx');
    const bytes = encodeIdx({ dtype: 'int16', shape: [2, 2], data: [1, -2, 300, -400] });
    // A raw file named .gz and a gzip file without the suffix.
    await writeFile(join(dir, 'raw.gz'), bytes);
    await writeFile(join(dir, 'packed.idx'), gzipSync(bytes));
    for (const f of ['raw.gz', 'packed.idx']) {
      const a = await readIdxFile(join(dir, f));
      expect(a.dtype).toBe('int16');
      expect(a.shape).toEqual([2, 2]);
      expect(Array.from(a.data)).toEqual([1, -2, 300, -400]);
    }
  });

  it('names the file for a missing file, a cut gzip stream and a short payload', async () => {
    const dir = await tempDir('idx-bad');
    await rejects(readIdxFile(join(dir, 'nope')), 'E_NOT_FOUND', /nope: no such IDX file/);
    const gz = gzipSync(images(3, 7));
    await writeFile(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 20));
    await rejects(
      readIdxFile(join(dir, 'cut.gz')),
      'E_TRUNCATED',
      /cut\.gz: truncated at byte offset \d+: the gzip stream ends/,
    );
    await writeFile(join(dir, 'short.gz'), gzipSync(images(3, 7).subarray(0, 1000)));
    await rejects(
      readIdxFile(join(dir, 'short.gz')),
      'E_TRUNCATED',
      /short\.gz \(after gunzip\): truncated at byte offset 1000: expected 2368 bytes \(16-byte header \+ 3×28×28 uint8\)/,
    );
  });
});

describe('loadMnist', () => {
  it('finds the conventional names, raw or gzip, and returns both splits', async () => {
    const dir = await tempDir('mnist');
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(images(5, 3)));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels([0, 1, 2, 3, 9]));
    await writeFile(join(dir, 't10k-images.idx3-ubyte'), images(2, 5)); // Kaggle-style dotted name
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labels([7, 7])));
    const { train, test, classNames } = await loadMnist({ dir });
    expect([train.name, train.count, train.height, train.width, train.channels]).toEqual([
      'mnist/train',
      5,
      28,
      28,
      1,
    ]);
    expect(Array.from(train.labels ?? [])).toEqual([0, 1, 2, 3, 9]);
    expect(train.images[100]).toBe(300 % 256);
    expect([test.name, test.count]).toEqual(['mnist/test', 2]);
    expect(test.images[100]).toBe(500 % 256);
    expect(classNames).toHaveLength(10);
  });

  it('rejects mismatched counts, bad labels and missing files, naming them', async () => {
    const dir = await tempDir('mnist-bad');
    await writeFile(join(dir, 'train-images-idx3-ubyte'), images(3, 1));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels([1, 2]));
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), images(1, 1));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), labels([10]));
    await rejects(
      loadMnist({ dir }),
      'E_COUNT_MISMATCH',
      /train-labels-idx1-ubyte: 2 labels \(count at byte offset 4\) for the 3 images of .*train-images-idx3-ubyte/,
    );
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels([1, 2, 3]));
    await rejects(
      loadMnist({ dir }),
      'E_LABEL_RANGE',
      /t10k-labels-idx1-ubyte: label 10 at byte offset 8 \(image 0\): expected 0\.\.9/,
    );
    const empty = await tempDir('mnist-empty');
    await rejects(
      loadMnist({ dir: empty }),
      'E_NOT_FOUND',
      /no training images file; looked for train-images-idx3-ubyte, train-images-idx3-ubyte\.gz/,
    );
    await rejects(
      loadMnist({ dir: join(empty, 'missing') }),
      'E_NOT_FOUND',
      /folder .*missing does not exist/,
    );
    await writeFile(join(dir, 'train-images-idx3-ubyte'), labels([1, 2, 3]));
    await rejects(loadMnist({ dir }), 'E_FORMAT', /expected uint8 images of 3 dimensions/);
  });
});

describe('loadFashionMnist on the real files of Debian dataset-fashion-mnist', () => {
  it('reads 60,000 / 10,000 images, 6,000 / 1,000 per class, with the known pixel mean', async () => {
    const { train, test, classNames } = await loadFashionMnist({ dir: DEBIAN_FASHION_MNIST_DIR });
    expect(classNames).toEqual(FASHION_MNIST_CLASSES);
    expect([train.count, train.height, train.width, train.channels]).toEqual([60000, 28, 28, 1]);
    expect(test.count).toBe(10000);
    for (const [set, per] of [
      [train, 6000],
      [test, 1000],
    ] as const) {
      const counts = new Array(10).fill(0);
      for (const l of set.labels ?? []) counts[l]++;
      expect(counts).toEqual(new Array(10).fill(per));
    }
    // The widely used normalisation constant of Fashion-MNIST's training set: mean 0.2860.
    let sum = 0;
    for (const v of train.images) sum += v;
    expect(sum / train.images.length / 255).toBeCloseTo(0.286, 3);
    // The first two training labels: ankle boot, T-shirt/top (train_labels[0] = 9 in TF's tutorial).
    expect(Array.from(train.labels?.subarray(0, 2) ?? [])).toEqual([9, 0]);
    expect(train.classNames?.[9]).toBe('Ankle boot');
  });

  it('defaults to the Debian folder', async () => {
    const { test } = await loadFashionMnist();
    expect(test.name).toBe('fashion-mnist/test');
  });
});
