import { describe, expect, it } from 'vitest';
import { imageGrid, scatterPlot } from './images';

describe('imageGrid', () => {
  it('tiles images with padding and maps [−1, 1] to 0…255', () => {
    // Two 2×2 grayscale images: all −1 and all +1.
    const pixels = [-1, -1, -1, -1, 1, 1, 1, 1];
    const g = imageGrid(pixels, {
      count: 2,
      height: 2,
      width: 2,
      channels: 1,
      columns: 2,
      padding: 1,
    });
    expect([g.width, g.height]).toEqual([2 * 2 + 3, 2 + 2]);
    const at = (x: number, y: number) =>
      Array.from(g.data.subarray((y * g.width + x) * 4, (y * g.width + x) * 4 + 4));
    expect(at(0, 0)).toEqual([40, 40, 40, 255]); // padding
    expect(at(1, 1)).toEqual([0, 0, 0, 255]); // first image
    expect(at(4, 2)).toEqual([255, 255, 255, 255]); // second image
    expect(() => imageGrid([1, 2, 3], { count: 1, height: 2, width: 2, channels: 1 })).toThrowError(
      /got 3 values, expected 1×2×2×1 = 4/,
    );
  });

  it('keeps colour channels and clamps out-of-range values', () => {
    const g = imageGrid([-1, 0, 5], { count: 1, height: 1, width: 1, channels: 3, padding: 0 });
    expect(Array.from(g.data)).toEqual([0, 128, 255, 255]);
  });
});

describe('scatterPlot', () => {
  it('draws real points blue and generated points orange where they lie', () => {
    const img = scatterPlot({ real: [0, 0], fake: [10, 10], dim: 2, size: 101 });
    const px = (x: number, y: number) =>
      Array.from(img.data.subarray((y * 101 + x) * 4, (y * 101 + x) * 4 + 3));
    // The view spans [−0.5, 10.5] on both axes: (0, 0) is bottom-left, (10, 10) top-right.
    expect(px(5, 96)).toEqual([31, 119, 180]);
    expect(px(95, 5)).toEqual([255, 127, 14]);
    expect(px(50, 50)).toEqual([255, 255, 255]);
  });
});
