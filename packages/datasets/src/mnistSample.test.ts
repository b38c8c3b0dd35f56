import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadMnistSample } from './mnistSample';

// Per-class counts of the first 10,000 images of the MNIST training set: the `mnist` package's
// digits were made by mnist_dl from train-images-idx3-ubyte, first 10,000 records.
const FIRST_10K_TRAIN_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe('loadMnistSample', () => {
  it('returns the 10,000 real digits as 28×28 uint8 with labels', async () => {
    const set = await loadMnistSample();
    expect(set.name).toBe('mnist-sample');
    expect([set.count, set.height, set.width, set.channels]).toEqual([10000, 28, 28, 1]);
    expect(set.images).toBeInstanceOf(Uint8Array);
    expect(set.images.length).toBe(10000 * 784);
    const counts = new Array(10).fill(0);
    for (const l of set.labels ?? []) counts[l]++;
    expect(counts).toEqual(FIRST_10K_TRAIN_COUNTS);
    expect(set.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // Real digits: ink in the middle, blank corners, the full 0..255 range.
    let [centre, corner, max] = [0, 0, 0];
    for (let n = 0; n < set.count; n++) {
      const img = set.images.subarray(n * 784, (n + 1) * 784);
      centre += img[14 * 28 + 14] as number;
      corner += img[0] as number;
      for (const v of img) max = Math.max(max, v);
    }
    expect(centre / set.count).toBeGreaterThan(80);
    expect(corner).toBe(0);
    expect(max).toBe(255);
  });

  it('converts once and caches', async () => {
    expect(await loadMnistSample()).toBe(await loadMnistSample());
  });

  it('recovers the exact bytes: the package stores round(1000·p/255)/1000', async () => {
    const { data } = createRequire(import.meta.url)('mnist/src/digits/0.json') as {
      data: number[];
    };
    const set = await loadMnistSample();
    for (let i = 0; i < 784 * 50; i++) {
      const p = set.images[i] as number;
      expect(Math.round((1000 * p) / 255) / 1000).toBe(data[i]);
    }
  });
});
