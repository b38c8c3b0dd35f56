import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { cifarRecord } from './__tests__/fixtures';
import { CIFAR10_RECORD_BYTES, concatImageSets, parseCifar10Batch } from './cifar10';
import { CIFAR10_CLASSES } from './classNames';

describe('parseCifar10Batch', () => {
  it('turns CHW records into NHWC with labels and class names', () => {
    const f = (y: number, x: number, c: number) => 3 * y + 5 * x + 100 * c;
    const bytes = new Uint8Array([...cifarRecord(3, f), ...cifarRecord(9, () => 7)]);
    const set = parseCifar10Batch(bytes, { file: 'data_batch_1.bin' });
    expect([set.count, set.height, set.width, set.channels]).toEqual([2, 32, 32, 3]);
    expect(Array.from(set.labels ?? [])).toEqual([3, 9]);
    expect(set.classNames?.[3]).toBe('cat');
    expect(set.classNames).toEqual(CIFAR10_CLASSES);
    // pixel (y=2, x=5) of image 0: channels R, G, B interleaved.
    const at = (2 * 32 + 5) * 3;
    expect([set.images[at], set.images[at + 1], set.images[at + 2]]).toEqual([
      f(2, 5, 0),
      f(2, 5, 1),
      f(2, 5, 2) & 255,
    ]);
    expect(set.images[32 * 32 * 3 + 100]).toBe(7);
  });

  it('names the file and the byte offset of a cut record or a bad label', () => {
    const good = cifarRecord(1, () => 0);
    try {
      parseCifar10Batch(new Uint8Array([...good, ...good.slice(0, 100)]), { file: 'cut.bin' });
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_TRUNCATED')).toBe(true);
      expect((e as Error).message).toMatch(
        /cut\.bin: truncated record at byte offset 3073: expected 3073 bytes per record/,
      );
    }
    try {
      parseCifar10Batch(new Uint8Array([...good, ...cifarRecord(10, () => 0)]), {
        file: 'bad.bin',
      });
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_LABEL_RANGE')).toBe(true);
      expect((e as Error).message).toMatch(/bad\.bin: label 10 at byte offset 3073 \(record 1\)/);
    }
    expect(() => parseCifar10Batch(new Uint8Array(0), { file: 'empty.bin' })).toThrow(
      /empty\.bin: empty file/,
    );
    expect(CIFAR10_RECORD_BYTES).toBe(3073);
  });

  it('concatenates batches in order', () => {
    const a = parseCifar10Batch(new Uint8Array(cifarRecord(1, () => 1)));
    const b = parseCifar10Batch(
      new Uint8Array([...cifarRecord(2, () => 2), ...cifarRecord(3, () => 3)]),
    );
    const all = concatImageSets('both', [a, b]);
    expect(all.count).toBe(3);
    expect(Array.from(all.labels ?? [])).toEqual([1, 2, 3]);
    expect(all.images[3072 * 2]).toBe(3);
  });
});
