// Helpers shared by the tests (not part of the package's entries).
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../_crc32';
import { ADAM7 } from '../_png';
import { CIFAR10_FILES } from '../loadCifar10';

/** A fresh temporary folder. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gantry-datasets-${prefix}-`));
}

/** Every entry of a folder, hidden ones included, sorted. */
export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** One CIFAR-10 record: the label byte, then the red, green and blue planes from rgb(y, x, c). */
export function cifarRecord(
  label: number,
  rgb: (y: number, x: number, c: number) => number,
): number[] {
  const out = [label];
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out.push(rgb(y, x, c) & 255);
  }
  return out;
}

/** A local HTTP server on 127.0.0.1 with a per-request handler; records request paths. */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void,
): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    handler(req, res, paths.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Fashion-MNIST as Zalando published it, rebuilt from Debian's copy: Debian's
 * strip-nondeterminism removed the gzip header's file name and set its mtime; the deflate
 * stream is untouched. Putting back FLG.FNAME, the original mtime and the name gives the
 * published bytes (their MD5s are in Zalando's README, their SHA-256s in TFDS).
 */
export function upstreamFashionGzip(debian: Uint8Array, name: string): Uint8Array {
  const mtime = name.startsWith('train') ? 1504176606 : 1504176627; // 2017-08-31
  const stem = new TextEncoder().encode(`${name.replace(/\.gz$/, '')}\0`);
  const head = new Uint8Array(10);
  head.set([0x1f, 0x8b, 0x08, 0x08]);
  new DataView(head.buffer).setUint32(4, mtime, true);
  head[8] = debian[8] as number;
  head[9] = debian[9] as number;
  const out = new Uint8Array(10 + stem.length + debian.length - 10);
  out.set(head, 0);
  out.set(stem, 10);
  out.set(debian.subarray(10), 10 + stem.length);
  return out;
}

/** Writes the six CIFAR-10 batch files, batch b holding `perBatch` records with label (b + i) % 10. */
export async function writeCifarBatches(dir: string, perBatch: number): Promise<void> {
  const files = [...CIFAR10_FILES.train, CIFAR10_FILES.test];
  for (const [b, f] of files.entries()) {
    const records: number[] = [];
    for (let i = 0; i < perBatch; i++) {
      records.push(...cifarRecord((b + i) % 10, (y, x, c) => b * 40 + i + c + y + x));
    }
    await writeFile(join(dir, f), new Uint8Array(records));
  }
}

/** One PNG chunk: length, type, data, CRC of type + data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The 13 bytes of an IHDR: width, height, bit depth, colour type, 0, 0, interlace. */
export function ihdr(width: number, height: number, colorType = 0, interlace = 0): Buffer {
  const out = Buffer.alloc(13);
  out.writeUInt32BE(width, 0);
  out.writeUInt32BE(height, 4);
  out.set([8, colorType, 0, 0, interlace], 8);
  return out;
}

/** A PNG from its IHDR, chunks to put before the image data (PLTE…), and the raw (filtered) image data, deflated into one IDAT. */
export function pngFile(header: Buffer, raw: Uint8Array, before: Buffer[] = []): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...before,
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** Samples per pixel of each PNG colour type. */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paethOf(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Row `row` (unfiltered) with PNG filter `f` applied, `prior` the unfiltered row above. */
function filterRow(f: number, row: number[], prior: number[] | undefined, bpp: number): number[] {
  return row.map((x, i) => {
    const a = i >= bpp ? (row[i - bpp] as number) : 0;
    const b = prior ? (prior[i] as number) : 0;
    const c = prior && i >= bpp ? (prior[i - bpp] as number) : 0;
    const pred = [0, a, b, (a + b) >> 1, paethOf(a, b, c)][f] as number;
    return (x - pred) & 255;
  });
}

/** Packs the samples of a row of pixels at `depth` bits, big-endian, rows padded to a byte. */
function packRow(pixels: number[][], depth: number): number[] {
  if (depth === 8) return pixels.flat();
  if (depth === 16) return pixels.flat().flatMap((v) => [v >> 8, v & 255]);
  const out = new Array(Math.ceil((pixels.length * depth) / 8)).fill(0);
  pixels.forEach(([v], x) => {
    const bit = x * depth;
    out[bit >> 3] |= (v as number) << (8 - depth - (bit & 7));
  });
  return out;
}

/**
 * A PNG written by hand, independent of any decoder: any colour type and bit depth, plain or
 * Adam7-interlaced, pixel (x, y) = samples(x, y) (raw sample values of `depth` bits), rows
 * filtered with filter (row index mod 5) so all five filters occur, and extra chunks (PLTE,
 * tRNS) before the image data.
 */
export function encodePng(spec: {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  interlace?: boolean;
  samples: (x: number, y: number) => number[];
  chunks?: Buffer[];
}): Buffer {
  const { width, height, colorType, depth } = spec;
  const bits = (SAMPLES[colorType] as number) * depth;
  const bpp = Math.max(1, bits >> 3);
  const passes = spec.interlace ? ADAM7 : [[0, 0, 1, 1] as const];
  const raw: number[] = [];
  let r = 0;
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= width) continue;
    let prior: number[] | undefined;
    for (let y = y0; y < height; y += dy) {
      const pixels: number[][] = [];
      for (let x = x0; x < width; x += dx) pixels.push(spec.samples(x, y));
      const row = packRow(pixels, depth);
      const f = r++ % 5;
      raw.push(f, ...filterRow(f, row, prior, bpp));
      prior = row;
    }
  }
  const header = ihdr(width, height, colorType, spec.interlace ? 1 : 0);
  header[8] = depth;
  return pngFile(header, Uint8Array.from(raw), spec.chunks ?? []);
}

/** An 8-bit grey PNG written by hand (see {@link encodePng}), pixel (x, y) = value(x, y). */
export function grayPng(
  width: number,
  height: number,
  value: (x: number, y: number) => number,
  interlace = false,
): Buffer {
  return encodePng({
    width,
    height,
    colorType: 0,
    depth: 8,
    interlace,
    samples: (x, y) => [value(x, y) & 255],
  });
}
