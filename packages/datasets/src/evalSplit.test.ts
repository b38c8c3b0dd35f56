import { describe, expect, it } from 'vitest';
import { evalSplitIndices, subsetImages } from './evalSplit';
import { createImageSet } from './imageSet';

const disjoint = (a: readonly number[], b: readonly number[]) => {
  const set = new Set(a);
  return b.every((i) => !set.has(i));
};

describe('evalSplitIndices', () => {
  it('follows parzen_ll.py on MNIST: train on 0–50,000, σ on every 10th of 50,000–60,000', () => {
    const s = evalSplitIndices(60_000, true);
    expect(s.training.length).toBe(50_000);
    expect(s.training.at(-1)).toBe(49_999);
    expect(s.validation.length).toBe(1000);
    expect(s.validation[0]).toBe(50_000);
    expect(s.validation.at(-1)).toBe(59_990);
    expect(s.test).toBeUndefined();
    expect(disjoint(s.training, s.validation)).toBe(true);
  });

  it('holds the embedded sample’s test and validation digits out of training (7 in 10 remain)', () => {
    const s = evalSplitIndices(10_000, false);
    expect([s.validation.length, s.test?.length, s.standIn.length]).toEqual([1000, 2000, 6000]);
    expect(s.training.length).toBe(7000);
    expect(disjoint(s.training, s.validation)).toBe(true);
    expect(disjoint(s.training, s.test ?? [])).toBe(true);
    expect(disjoint(s.validation, s.test ?? [])).toBe(true);
    expect(disjoint(s.training, s.standIn)).toBe(false); // the stand-in is training data
  });
});

describe('subsetImages', () => {
  it('copies the chosen images and their labels, in the order given', () => {
    const set = createImageSet({
      name: 'three',
      images: Uint8Array.from([1, 1, 2, 2, 3, 3]),
      labels: Uint8Array.from([0, 1, 2]),
      count: 3,
      height: 1,
      width: 2,
      channels: 1,
    });
    const part = subsetImages(set, [2, 0], 'part');
    expect(Array.from(part.images)).toEqual([3, 3, 1, 1]);
    expect(Array.from(part.labels ?? [])).toEqual([2, 0]);
    expect(part.count).toBe(2);
  });
});
