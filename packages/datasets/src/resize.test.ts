import { describe, expect, it } from 'vitest';
import { areaWeights, bilinearWeights, convertChannels, resizeImage } from './resize';

describe('resizeImage', () => {
  it('area-averages 2×2 blocks when halving', () => {
    // 4×4 gray: block means are 2.5, 6.5... computed by hand.
    const src = new Uint8Array([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150,
    ]);
    // top-left block (0, 10, 40, 50) → 25; top-right (20, 30, 60, 70) → 45; ...
    expect(Array.from(resizeImage(src, [4, 4, 1], [2, 2]))).toEqual([25, 45, 105, 125]);
  });

  it('weights partial pixels by overlap for a 3 → 2 shrink', () => {
    // s = 1.5: out0 = (a0 + 0.5·a1)/1.5, out1 = (0.5·a1 + a2)/1.5.
    expect(areaWeights(3, 2)).toEqual([
      [
        [0, 1 / 1.5],
        [1, 0.5 / 1.5],
      ],
      [
        [1, 0.5 / 1.5],
        [2, 1 / 1.5],
      ],
    ]);
    const out = resizeImage(new Uint8Array([30, 90, 150]), [1, 3, 1], [1, 2]);
    expect(Array.from(out)).toEqual([50, 130]); // (30 + 45)/1.5 = 50, (45 + 150)/1.5 = 130
  });

  it('interpolates bilinearly with half-pixel centres when growing', () => {
    expect(Array.from(resizeImage(new Uint8Array([0, 100]), [1, 2, 1], [1, 4]))).toEqual([
      0, 25, 75, 100,
    ]);
    // 2×2 → 4×4: the inner 2×2 is the bilinear blend; corners keep the source values.
    const up = resizeImage(new Uint8Array([0, 100, 100, 200]), [2, 2, 1], [4, 4]);
    expect(Array.from(up)).toEqual([
      0, 25, 75, 100, 25, 50, 100, 125, 75, 100, 150, 175, 100, 125, 175, 200,
    ]);
    expect(bilinearWeights(1, 3)).toEqual([[[0, 1]], [[0, 1]], [[0, 1]]]);
  });

  it('handles channels and mixed shrink/grow axes', () => {
    // 1×2 RGB → 2×1: width halves (average), height doubles (copy of the single row).
    const src = new Uint8Array([10, 20, 30, 50, 60, 70]);
    expect(Array.from(resizeImage(src, [1, 2, 3], [2, 1]))).toEqual([30, 40, 50, 30, 40, 50]);
    expect(() => resizeImage(src, [2, 2, 3], [1, 1])).toThrow(
      /6 bytes for a 2×2×3 image \(12 expected\)/,
    );
    expect(() => resizeImage(src, [1, 2, 3], [0, 1])).toThrow(
      /size\[0\] must be a positive integer/,
    );
  });
});

describe('convertChannels', () => {
  it('uses BT.601 luma, repeats gray and composites alpha over black', () => {
    expect(
      Array.from(convertChannels(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]), 3, 1)),
    ).toEqual([76, 150, 29]);
    expect(Array.from(convertChannels(new Uint8Array([9]), 1, 3))).toEqual([9, 9, 9]);
    expect(Array.from(convertChannels(new Uint8Array([200, 100, 50, 51]), 4, 3))).toEqual([
      40, 20, 10,
    ]);
    expect(Array.from(convertChannels(new Uint8Array([255, 255, 255, 255]), 4, 1))).toEqual([255]);
  });
});
