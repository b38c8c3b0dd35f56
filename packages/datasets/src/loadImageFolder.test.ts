import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { tempDir } from './__tests__/fixtures';
import { loadImageFolder } from './loadImageFolder';

/** A PNG of w×h with RGBA pixels from f(x, y), in the given PNG colour type. */
function png(
  w: number,
  h: number,
  f: (x: number, y: number) => number[],
  colorType: 0 | 2 | 6 = 6,
): Buffer {
  const image = new pngjs.PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) image.data.set(f(x, y), 4 * (y * w + x));
  return pngjs.PNG.sync.write(image, { colorType, inputHasAlpha: true });
}

describe('loadImageFolder', () => {
  it('decodes, converts and resizes every PNG, sorted by name', async () => {
    const dir = await tempDir('png');
    // b.png: 4×4 RGB, left half red, right half blue → 2×2.
    await writeFile(
      join(dir, 'b.png'),
      png(4, 4, (x) => (x < 2 ? [255, 0, 0, 255] : [0, 0, 255, 255]), 2),
    );
    // a.png: 1×2 gray 0 and 100 → upscaled to 2×4 (bilinear).
    await writeFile(
      join(dir, 'a.png'),
      png(2, 1, (x) => (x === 0 ? [0, 0, 0, 255] : [100, 100, 100, 255]), 0),
    );
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    const rgb = await loadImageFolder(dir, { size: [2, 4], channels: 3 });
    expect([rgb.count, rgb.height, rgb.width, rgb.channels]).toEqual([2, 2, 4, 3]);
    expect(Array.from(rgb.images.subarray(0, 12))).toEqual([
      0, 0, 0, 25, 25, 25, 75, 75, 75, 100, 100, 100,
    ]);
    // b.png: 4 wide → 4 wide (copy), 4 high → 2 high (average): still red | blue.
    expect(Array.from(rgb.images.subarray(24, 36))).toEqual([
      255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255,
    ]);
    const gray = await loadImageFolder(dir, { size: [1, 1], channels: 1 });
    // b.png averaged: half red (luma 76.245) and half blue (29.07) → 52.66 → 53.
    expect(Array.from(gray.images)).toEqual([50, 53]);
    expect(gray.name).toMatch(/^image-folder\/gantry-datasets-png-/);
  });

  it('stops a strict load at an unreadable file and skips it in a lenient one', async () => {
    const dir = await tempDir('png-bad');
    await writeFile(
      join(dir, 'good.png'),
      png(2, 2, () => [10, 20, 30, 255]),
    );
    await writeFile(join(dir, 'broken.png'), Buffer.from('definitely not a png'));
    try {
      await loadImageFolder(dir, { size: [2, 2], channels: 3 });
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_DECODE')).toBe(true);
      expect((e as Error).message).toMatch(
        /broken\.png: not a readable PNG .*; pass strict: false to skip/,
      );
      expect((e as { details: { file: string } }).details.file).toBe(join(dir, 'broken.png'));
    }
    const skipped: string[] = [];
    const set = await loadImageFolder(dir, {
      size: [2, 2],
      channels: 3,
      strict: false,
      onSkip: (file, reason) => skipped.push(`${file}: ${reason}`),
    });
    expect(set.count).toBe(1);
    expect(Array.from(set.images.subarray(0, 3))).toEqual([10, 20, 30]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^broken\.png: not a readable PNG/);
  });

  it('rejects a folder without readable images and bad options', async () => {
    const dir = await tempDir('png-empty');
    await expect(loadImageFolder(dir, { size: [2, 2], channels: 1 })).rejects.toThrow(
      /no readable \.png file/,
    );
    await expect(loadImageFolder(dir, { size: [0, 2], channels: 1 })).rejects.toThrow(
      /size must be \[height, width\]/,
    );
    await expect(loadImageFolder(dir, { size: [2, 2], channels: 2 as 1 })).rejects.toThrow(
      /channels must be 1 or 3/,
    );
  });
});
