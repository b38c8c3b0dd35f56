import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { createImageSet, isImageSet } from './imageSet';

describe('createImageSet', () => {
  it('keeps the arrays by reference and freezes the set', () => {
    const images = new Uint8Array(2 * 3 * 4 * 3);
    const set = createImageSet({
      name: 's',
      images,
      labels: new Uint8Array([1, 0]),
      count: 2,
      height: 3,
      width: 4,
      channels: 3,
      classNames: ['a', 'b'],
    });
    expect(set.images).toBe(images);
    expect(Object.isFrozen(set)).toBe(true);
    expect(isImageSet(set)).toBe(true);
    expect(isImageSet({ images: [1] })).toBe(false);
  });

  it('names what disagrees', () => {
    const base = { name: 's', count: 2, height: 2, width: 2, channels: 1 as const };
    expect(() => createImageSet({ ...base, images: new Uint8Array(7) })).toThrow(
      'createImageSet(s): images must be a Uint8Array of 2×2×2×1 = 8 bytes, got 7',
    );
    expect(() =>
      createImageSet({ ...base, images: new Uint8Array(8), labels: new Uint8Array(3) }),
    ).toThrow('createImageSet(s): 3 labels for 2 images');
    try {
      createImageSet({
        ...base,
        images: new Uint8Array(8),
        labels: new Uint8Array([0, 2]),
        classNames: ['a', 'b'],
      });
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_LABEL_RANGE')).toBe(true);
      expect((e as Error).message).toBe(
        'createImageSet(s): label 2 at index 1 is not below the 2 classes',
      );
    }
    expect(() => createImageSet({ ...base, channels: 4 as 3, images: new Uint8Array(32) })).toThrow(
      /channels must be 1 or 3/,
    );
  });
});
