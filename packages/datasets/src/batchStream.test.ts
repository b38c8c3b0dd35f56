import { createRng, isGantryError, measureTensorGrowth } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchStreamState, createBatchStream } from './batchStream';
import { createImageSet, type ImageSet } from './imageSet';
import { loadFashionMnist } from './loadMnist';
import { ring2d } from './ring2d';

/** n images of 2×2×1 whose 4 pixels all equal the image index (so a batch names its images). */
function indexed(n: number): ImageSet {
  const images = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) images.fill(i, 4 * i, 4 * i + 4);
  const labels = new Uint8Array(n).map((_, i) => i % 10);
  return createImageSet({
    name: `indexed-${n}`,
    images,
    labels,
    count: n,
    height: 2,
    width: 2,
    channels: 1,
  });
}

/** Image indices of a raw ('none') batch. */
function ids(t: tf.Tensor): number[] {
  const v = t.dataSync();
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 4) out.push(v[i] as number);
  t.dispose();
  return out;
}

describe('createBatchStream over images', () => {
  beforeAll(useCpuBackend);

  it('normalises to [−1, 1] by default, [0, 1] with sigmoid, raw with none', () => {
    const set = createImageSet({
      name: 'px',
      images: new Uint8Array([0, 51, 255, 127.5 | 0]),
      count: 1,
      height: 2,
      width: 2,
      channels: 1,
    });
    const get = (normalize?: 'tanh' | 'sigmoid' | 'none') => {
      const t = createBatchStream(set, {
        batchSize: 1,
        seed: 1,
        ...(normalize ? { normalize } : {}),
      }).next();
      expect(t.shape).toEqual([1, 2, 2, 1]);
      expect(t.dtype).toBe('float32');
      const v = Array.from(t.dataSync());
      t.dispose();
      return v;
    };
    expect(get()).toEqual([-1, 51 / 127.5 - 1, 1, 127 / 127.5 - 1].map(Math.fround));
    expect(get('sigmoid')).toEqual([0, 0.2, 1, 127 / 255].map(Math.fround));
    expect(get('none')).toEqual([0, 51, 255, 127]);
  });

  it('serves every image exactly once per epoch, reshuffled each epoch', () => {
    const stream = createBatchStream(indexed(100), { batchSize: 10, seed: 'a', normalize: 'none' });
    expect(stream.batchesPerEpoch).toBe(10);
    const epochs: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const seen: number[] = [];
      for (let b = 0; b < 10; b++) {
        expect([stream.epoch, stream.position]).toEqual([e, b]);
        seen.push(...ids(stream.next()));
      }
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      epochs.push(seen);
    }
    expect(stream.epoch).toBe(3);
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(epochs[1]).not.toEqual(epochs[2]);
    // Same seed, same order; another seed, another order.
    const again = createBatchStream(indexed(100), { batchSize: 10, seed: 'a', normalize: 'none' });
    expect(ids(again.next())).toEqual(epochs[0]?.slice(0, 10));
    const other = createBatchStream(indexed(100), { batchSize: 10, seed: 'b', normalize: 'none' });
    expect(ids(other.next())).not.toEqual(epochs[0]?.slice(0, 10));
  });

  it('drops or keeps the last partial batch; shuffle: false keeps file order', () => {
    const drop = createBatchStream(indexed(25), {
      batchSize: 10,
      seed: 1,
      normalize: 'none',
      shuffle: false,
    });
    expect(drop.batchesPerEpoch).toBe(2);
    expect(ids(drop.next())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    drop.next().dispose();
    expect(ids(drop.next())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // next epoch
    const keep = createBatchStream(indexed(25), {
      batchSize: 10,
      seed: 1,
      normalize: 'none',
      shuffle: false,
      dropLast: false,
    });
    expect(keep.batchesPerEpoch).toBe(3);
    keep.next().dispose();
    keep.next().dispose();
    const last = keep.next();
    expect(last.shape).toEqual([5, 2, 2, 1]);
    expect(ids(last)).toEqual([20, 21, 22, 23, 24]);
    expect(keep.epoch).toBe(1);
  });

  it('gives labels with nextWithLabels', () => {
    const stream = createBatchStream(indexed(30), { batchSize: 8, seed: 5, normalize: 'none' });
    const { images, labels } = stream.nextWithLabels();
    expect(labels.dtype).toBe('int32');
    expect(Array.from(labels.dataSync())).toEqual(ids(images).map((i) => i % 10));
    labels.dispose();
  });

  it('resumes exactly from a JSON state, mid-epoch and across epochs', () => {
    const opts = { batchSize: 7, seed: 42, normalize: 'none' as const };
    const a = createBatchStream(indexed(50), opts);
    for (let i = 0; i < 10; i++) a.next().dispose(); // epoch 1 (7 batches per epoch), position 3
    expect([a.epoch, a.position]).toEqual([1, 3]);
    const state = JSON.parse(JSON.stringify(a.getState())) as BatchStreamState;
    const b = createBatchStream(indexed(50), opts);
    b.setState(state);
    expect([b.epoch, b.position]).toEqual([1, 3]);
    for (let i = 0; i < 12; i++) expect(ids(b.next())).toEqual(ids(a.next()));
    // A state taken exactly at an epoch boundary, before the next permutation exists.
    const c = createBatchStream(indexed(50), opts);
    for (let i = 0; i < 7; i++) c.next().dispose();
    const d = createBatchStream(indexed(50), opts);
    d.setState(c.getState());
    for (let i = 0; i < 9; i++) expect(ids(d.next())).toEqual(ids(c.next()));
  });

  it('rejects a state from another stream and bad options, naming the key', () => {
    const stream = createBatchStream(indexed(20), { batchSize: 4, seed: 1 });
    const state = stream.getState();
    expect(() => stream.setState({ ...state, batchSize: 5 })).toThrow(
      'BatchStream.setState: state.batchSize is 5, this stream uses 4',
    );
    expect(() => stream.setState({ ...state, position: 5 })).toThrow(
      /state\.position must be an integer in \[0, 5\)/,
    );
    expect(() => stream.setState({ ...state, source: 'x' })).toThrow(/state\.source is "x"/);
    expect(() => createBatchStream(indexed(20), { batchSize: 0, seed: 1 })).toThrow(
      /batchSize must be a positive integer/,
    );
    expect(() => createBatchStream(indexed(3), { batchSize: 4, seed: 1 })).toThrow(
      'createBatchStream: indexed-3 has 3 images, fewer than one batch of 4 (with dropLast: true)',
    );
    try {
      createBatchStream(ring2d(), { batchSize: 4, seed: 1, normalize: 'tanh' });
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_INVALID_ARGUMENT')).toBe(true);
      expect(e).toMatchObject({ details: { option: 'normalize' } });
    }
  });

  it('streams 60,000 Fashion-MNIST images for 3 epochs with flat memory and no copy', async () => {
    const { train } = await loadFashionMnist();
    const stream = createBatchStream(train, { batchSize: 256, seed: 0 });
    expect(stream.source.images).toBe(train.images); // the one typed array, by reference
    expect(stream.batchesPerEpoch).toBe(234);
    const bytesBefore = tf.memory().numBytes;
    const growth = await measureTensorGrowth(() => stream.next(), {
      iterations: 3 * 234,
      warmup: 1,
    });
    expect(growth.growth).toBe(0);
    expect(tf.memory().numBytes).toBe(bytesBefore);
    expect(stream.epoch).toBe(3);
    expect(stream.position).toBe(1);
    // Iterable: the endless iterator shares the stream's position.
    const it = stream[Symbol.iterator]();
    const t = it.next().value as tf.Tensor;
    expect(t.shape).toEqual([256, 28, 28, 1]);
    const v = t.dataSync();
    let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const x of v) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    expect([lo, hi]).toEqual([-1, 1]);
    t.dispose();
    expect(stream.position).toBe(2);
  });
});

describe('createBatchStream over toy distributions', () => {
  beforeAll(useCpuBackend);

  it('gives fresh [B, dim] samples forever and resumes exactly', () => {
    const ring = ring2d();
    const a = createBatchStream(ring, { batchSize: 16, seed: 9 });
    expect(a.batchesPerEpoch).toBe(Number.POSITIVE_INFINITY);
    const first = a.next();
    expect(first.shape).toEqual([16, 2]);
    // Batch 0 is the distribution's own first 16 samples from the seeded generator.
    expect(Array.from(first.dataSync())).toEqual(Array.from(ring.sample(createRng(9), 16)));
    first.dispose();
    a.next().dispose();
    const b = createBatchStream(ring, { batchSize: 16, seed: 9 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.position).toBe(2);
    for (let i = 0; i < 3; i++) {
      const [x, y] = [a.next(), b.next()];
      expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
      tf.dispose([x, y]);
    }
    expect(() => b.nextWithLabels()).toThrow(/has no labels/);
    expect(() => createBatchStream(ring, { batchSize: 4, seed: 1, dropLast: false })).toThrow(
      /option dropLast applies to image sets only/,
    );
  });
});
