import { createHash } from 'node:crypto';
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

  it('holds exactly the digits the former loader built from the mnist package', async () => {
    // SHA-256 of the pixels and of the labels that loadMnistSample returned when it read the
    // `mnist` package 1.1.0's JSON (round(255·v) per value, classes 0…9 in order), computed
    // from that loader before it was replaced: same digits, same labels, same order.
    const set = await loadMnistSample();
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(set.images)).toBe(
      '0768d16c5adea568dee18fa5e4e1acb117e9ec2c5d6b1dffe5fc29c1e61c1eca',
    );
    expect(sha(set.labels as Uint8Array)).toBe(
      '44e605757823cf79c6557e6d2a7f45c693b286e8cd303ea10339b002801b4916',
    );
  });
});
