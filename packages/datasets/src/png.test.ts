import { createRng } from '@gantry/core';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodePng, ihdr, pngChunk, pngFile } from './__tests__/fixtures';
import { decodePng } from './_png';
import { IMAGE_FOLDER_LIMITS } from './loadImageFolder';

const DEPTHS = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
} as const;
const SAMPLES = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

describe('decodePng', () => {
  it('decodes every colour type, bit depth, filter and interlacing exactly as pngjs does', () => {
    const rng = createRng('png-decoder');
    let cases = 0;
    for (const colorType of [0, 2, 3, 4, 6] as const) {
      for (const depth of DEPTHS[colorType]) {
        for (const interlace of [false, true]) {
          for (const [width, height] of [
            [1, 1],
            [5, 3],
            [13, 9],
          ] as const) {
            const max = 2 ** depth - 1;
            const entries = Math.min(max + 1, 7);
            const values = Array.from({ length: width * height * SAMPLES[colorType] }, () =>
              colorType === 3 ? rng.int(entries) : rng.int(max + 1),
            );
            const samples = (x: number, y: number) => {
              const at = (y * width + x) * SAMPLES[colorType];
              return values.slice(at, at + SAMPLES[colorType]);
            };
            // tRNS: palette alphas, or the colour of pixel (0, 0) made transparent.
            const chunks: Buffer[] = [];
            if (colorType === 3) {
              chunks.push(
                pngChunk(
                  'PLTE',
                  Uint8Array.from({ length: 3 * entries }, () => rng.int(256)),
                ),
              );
              chunks.push(
                pngChunk(
                  'tRNS',
                  Uint8Array.from({ length: Math.min(3, entries) }, () => rng.int(256)),
                ),
              );
            } else if (colorType === 0 || colorType === 2) {
              chunks.push(
                pngChunk('tRNS', Uint8Array.from(samples(0, 0).flatMap((v) => [v >> 8, v & 255]))),
              );
            }
            const png = encodePng({ width, height, colorType, depth, interlace, samples, chunks });
            const ours = decodePng(png, 'x.png', IMAGE_FOLDER_LIMITS);
            const theirs = pngjs.PNG.sync.read(png);
            expect([ours.width, ours.height]).toEqual([width, height]);
            expect(
              Array.from(ours.rgba),
              `${colorType}/${depth}/${interlace}/${width}×${height}`,
            ).toEqual(Array.from(theirs.data));
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(90); // (5 + 2 + 4 + 2 + 2) depths × 2 interlacings × 3 sizes
  });

  it('decodes what pngjs writes (adaptive filters) to the pixels written', () => {
    const rng = createRng('pngjs-writer');
    for (const colorType of [0, 2, 4, 6] as const) {
      const image = new pngjs.PNG({ width: 17, height: 11 });
      for (let i = 0; i < image.data.length; i++) image.data[i] = rng.int(256);
      const png = pngjs.PNG.sync.write(image, { colorType, inputHasAlpha: true });
      expect(Array.from(decodePng(png, 'x.png', IMAGE_FOLDER_LIMITS).rgba)).toEqual(
        Array.from(pngjs.PNG.sync.read(png).data),
      );
    }
  });

  it('names the file for a bad filter byte, a palette index past PLTE and a bad CRC', () => {
    const bad = encodePng({
      width: 2,
      height: 2,
      colorType: 3,
      depth: 8,
      samples: () => [5],
      chunks: [pngChunk('PLTE', new Uint8Array(6))],
    });
    expect(() => decodePng(bad, 'p.png', IMAGE_FOLDER_LIMITS)).toThrow(
      /p\.png: not a readable PNG \(palette index 5 beyond the 2 PLTE entries\)/,
    );
    const crc = Buffer.from(
      encodePng({ width: 2, height: 2, colorType: 0, depth: 8, samples: () => [1] }),
    );
    crc[29] = (crc[29] as number) ^ 1; // the IHDR CRC
    const filter = pngFile(ihdr(2, 1), new Uint8Array([7, 1, 2]));
    expect(() => decodePng(filter, 'f.png', IMAGE_FOLDER_LIMITS)).toThrow(
      /f\.png: not a readable PNG \(unknown filter type 7 in row 0\)/,
    );
    expect(() => decodePng(crc, 'c.png', IMAGE_FOLDER_LIMITS)).toThrow(
      /c\.png: not a readable PNG \(CRC mismatch in chunk IHDR at byte offset 8\)/,
    );
  });
});
