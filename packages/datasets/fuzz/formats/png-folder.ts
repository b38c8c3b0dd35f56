// PNG folders through loadImageFolder: a valid image, a mutated one (raw bytes, chunk data with
// the CRC made right again, or IHDR sizes), and sometimes a FIFO, a folder or a symlink.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rng } from '@gantry/core';
import pngjs from 'pngjs';
import { grayPng, ihdr, pngChunk, pngFile } from '../../src/__tests__/fixtures';
import { loadImageFolder } from '../../src/loadImageFolder';
import { convertChannels, resizeImage } from '../../src/resize';
import { defineFormat } from '../format';
import { mutate, pick } from '../mutate';
import { makeSpecial } from '../special';

const SIZE = [5, 7] as const;

/** A small valid PNG: pngjs-written grey/RGB/alpha, hand-written palette or Adam7 grey. */
function seedPng(rng: Rng): Buffer {
  const w = 1 + rng.int(12);
  const h = 1 + rng.int(12);
  const kind = rng.int(4);
  if (kind === 0) {
    const colours = pngChunk(
      'PLTE',
      Uint8Array.from({ length: 12 }, () => rng.int(256)),
    );
    const raw: number[] = [];
    for (let y = 0; y < h; y++) raw.push(0, ...Array.from({ length: w }, () => rng.int(4)));
    return pngFile(ihdr(w, h, 3), Uint8Array.from(raw), [colours]);
  }
  if (kind === 1) return grayPng(w, h, () => rng.int(256), rng.int(2) === 0);
  const image = new pngjs.PNG({ width: w, height: h });
  for (let i = 0; i < image.data.length; i++) image.data[i] = rng.int(256);
  const colorType = pick(rng, [0, 2, 4, 6] as const);
  return pngjs.PNG.sync.write(image, { colorType, inputHasAlpha: true });
}

/** Mutates one chunk's data (or the IHDR sizes) and makes its CRC right again. */
function mutateChunk(rng: Rng, png: Buffer): Buffer {
  const chunks: [number, number][] = []; // [offset, length] of each chunk
  for (let at = 8; at + 12 <= png.length; at += 12 + png.readUInt32BE(at)) {
    chunks.push([at, png.readUInt32BE(at)]);
  }
  const [at, length] = rng.int(3) === 0 ? (chunks[0] as [number, number]) : pick(rng, chunks);
  const type = png.subarray(at + 4, at + 8).toString('latin1');
  let data: Uint8Array = png.subarray(at + 8, at + 8 + length);
  if (type === 'IHDR' && rng.int(2) === 0) {
    const header = Buffer.from(data);
    const value = pick(rng, [0, 1, 2, 255, 4096, 8192, 8193, 65535, 8_000_000, 0x7fffffff]);
    header.writeUInt32BE(value, rng.int(2) * 4);
    data = header;
  } else {
    data = mutate(rng, data, 16);
  }
  return Buffer.concat([png.subarray(0, at), pngChunk(type, data), png.subarray(at + 12 + length)]);
}

/** What a.png must load as: pngjs's decoding, converted and resized by the package's helpers. */
function reference(png: Buffer, channels: 1 | 3): Uint8Array {
  const { width, height, data } = pngjs.PNG.sync.read(png);
  const converted = convertChannels(new Uint8Array(data), 4, channels);
  return resizeImage(converted, [height, width, channels], SIZE);
}

export default defineFormat({
  async prepare(rng, dir) {
    const good = seedPng(rng);
    const bad = seedPng(rng);
    const way = rng.int(5);
    await writeFile(join(dir, 'a.png'), good);
    await writeFile(join(dir, 'm.png'), way < 2 ? mutate(rng, bad, 33) : mutateChunk(rng, bad));
    if (rng.int(6) === 0) await makeSpecial(rng, join(dir, 's.png'), good);
    const options = {
      channels: pick(rng, [1, 3] as const),
      strict: rng.int(2) === 0,
      followSymlinks: pick(rng, ['inside', 'any', 'none'] as const),
    };
    return { target: dir, names: [dir], data: { good, options } };
  },
  async run(c) {
    const { good, options } = c.data as {
      good: Buffer;
      options: { channels: 1 | 3; strict: boolean; followSymlinks: 'inside' | 'any' | 'none' };
    };
    let skipped = 0;
    const set = await loadImageFolder(c.target, {
      size: SIZE,
      ...options,
      onSkip: () => void (skipped += 1),
      onWarning: () => {},
    });
    const want = reference(good, options.channels);
    if (set.images.subarray(0, want.length).some((v, i) => v !== want[i])) {
      return 'a.png does not load as pngjs decodes it';
    }
    if (set.count < 1 || set.count + skipped > 3)
      return `${set.count} loaded and ${skipped} skipped of at most 3`;
    if (options.strict && skipped > 0) return 'a strict load skipped a file';
    return undefined;
  },
});
