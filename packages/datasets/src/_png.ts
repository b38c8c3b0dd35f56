import { inflateSync } from 'node:zlib';
import pngjs from 'pngjs';
import { DEFLATE_MAX_RATIO } from './_gunzip';
import { DatasetError, type DatasetErrorCode } from './errors';

/** Bounds a PNG must meet before any of its data is inflated. */
export interface PngLimits {
  /** Largest width in pixels. */
  maxWidth: number;
  /** Largest height in pixels. */
  maxHeight: number;
  /** Largest decoded image, width·height·4 bytes (the RGBA bitmap the decoder makes). */
  maxImageBytes: number;
}

/** What the chunk walk found: the header fields and the size the image data must inflate to. */
export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** The IDAT chunks' data, concatenated: one zlib stream. */
  idat: Uint8Array;
  /** Exact inflated size: Σ over passes of rows × (1 filter byte + ⌈width·bits/8⌉). */
  inflatedBytes: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel, and the bit depths allowed, for each PNG colour type. */
const COLOR_TYPES: Record<number, { samples: number; depths: number[] }> = {
  0: { samples: 1, depths: [1, 2, 4, 8, 16] },
  2: { samples: 3, depths: [8, 16] },
  3: { samples: 1, depths: [1, 2, 4, 8] },
  4: { samples: 2, depths: [8, 16] },
  6: { samples: 4, depths: [8, 16] },
};
/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** A per-file failure: the message is `file: reason`, and `details.reason` the reason alone. */
export function fileFailure(
  code: DatasetErrorCode,
  file: string,
  reason: string,
  details: Record<string, unknown> = {},
): DatasetError {
  return new DatasetError(code, `${file}: ${reason}`, { file, reason, ...details });
}

const unreadable = (file: string, what: string, offset: number) =>
  fileFailure('E_DECODE', file, `not a readable PNG (${what})`, { offset });

function rowBytes(width: number, bitsPerPixel: number): number {
  return width === 0 ? 0 : 1 + Math.ceil((width * bitsPerPixel) / 8);
}

/** The exact size the zlib stream of a PNG of this header inflates to. */
function inflatedSize(width: number, height: number, bits: number, interlaced: boolean) {
  if (!interlaced) return height * rowBytes(width, bits);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil(Math.max(0, width - x0) / dx);
    const h = Math.ceil(Math.max(0, height - y0) / dy);
    total += h * rowBytes(w, bits);
  }
  return total;
}

function readHeader(bytes: Uint8Array, view: DataView, file: string, limits: PngLimits) {
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [bitDepth, colorType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || width > 2 ** 31 - 1 || height > 2 ** 31 - 1) {
    throw unreadable(file, `IHDR at byte offset 16 gives a ${width}×${height} image`, 16);
  }
  const type = COLOR_TYPES[colorType as number];
  if (type === undefined || !type.depths.includes(bitDepth as number)) {
    throw unreadable(
      file,
      `colour type ${colorType} with bit depth ${bitDepth} at byte offset 24`,
      24,
    );
  }
  if (compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1)) {
    throw unreadable(file, 'unknown compression, filter or interlace method in IHDR', 26);
  }
  const limit = (key: keyof PngLimits, value: number, offset: number, what: string) => {
    if (value <= limits[key]) return;
    throw fileFailure(
      'E_LIMIT',
      file,
      `${what} (IHDR at byte offset ${offset}) exceeds ${key} ${limits[key]}`,
      {
        offset,
        option: key,
        expected: limits[key],
        actual: value,
      },
    );
  };
  limit('maxWidth', width, 16, `width ${width}`);
  limit('maxHeight', height, 20, `height ${height}`);
  limit(
    'maxImageBytes',
    width * height * 4,
    16,
    `a ${width}×${height} image of ${width * height * 4} RGBA bytes`,
  );
  const bits = type.samples * (bitDepth as number);
  return {
    width,
    height,
    bitDepth: bitDepth as number,
    colorType: colorType as number,
    interlaced: interlace === 1,
    bits,
  };
}

/**
 * Walks a PNG's chunks without inflating anything: the signature, IHDR first (13 bytes, a valid
 * colour type and bit depth, width and height within `limits`), every chunk inside the file,
 * PLTE before the image data for palette images, IDAT chunks consecutive, IEND present; then
 * checks that the IDAT bytes can hold the image at all (deflate expands at most 1032:1). Every
 * failure is a {@link DatasetError} naming `file` and the byte offset.
 */
export function checkPng(bytes: Uint8Array, file: string, limits: PngLimits): PngLayout {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw unreadable(file, 'no PNG signature at byte offset 0', 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: ReturnType<typeof readHeader> | undefined;
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  let idatDone = false;
  let palette = false;
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) {
      throw fileFailure(
        'E_TRUNCATED',
        file,
        `truncated at byte offset ${bytes.length}: no IEND chunk`,
        {
          offset: bytes.length,
        },
      );
    }
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type) || length > 2 ** 31 - 1) {
      throw unreadable(file, `bad chunk at byte offset ${at}`, at);
    }
    if (at + 12 + length > bytes.length) {
      throw fileFailure(
        'E_TRUNCATED',
        file,
        `truncated at byte offset ${bytes.length}: chunk ${type} at byte offset ${at} declares ${length} bytes`,
        {
          offset: bytes.length,
        },
      );
    }
    if (header === undefined) {
      if (type !== 'IHDR' || length !== 13)
        throw unreadable(file, 'the first chunk is not a 13-byte IHDR', at);
      header = readHeader(bytes, view, file, limits);
    } else if (type === 'IHDR') {
      throw unreadable(file, `a second IHDR at byte offset ${at}`, at);
    } else if (type === 'PLTE') {
      palette = true;
    } else if (type === 'IDAT') {
      if (idatDone)
        throw unreadable(file, `IDAT chunks are not consecutive (byte offset ${at})`, at);
      idat.push(bytes.subarray(at + 8, at + 8 + length));
      idatBytes += length;
    } else if (type === 'IEND') {
      break;
    }
    if (type !== 'IDAT' && idat.length > 0) idatDone = true;
    at += 12 + length;
  }
  if (idat.length === 0) throw unreadable(file, 'no IDAT chunk', at);
  if (header.colorType === 3 && !palette)
    throw unreadable(file, 'a palette image without PLTE', at);
  const inflatedBytes = inflatedSize(header.width, header.height, header.bits, header.interlaced);
  if (inflatedBytes > DEFLATE_MAX_RATIO * idatBytes + 1024) {
    throw fileFailure(
      'E_TRUNCATED',
      file,
      `${idatBytes} bytes of image data cannot hold the ${inflatedBytes} bytes a ${header.width}×${header.height} image needs (deflate expands at most ${DEFLATE_MAX_RATIO}:1): the header claims more rows than the data has`,
      { offset: at, expected: inflatedBytes },
    );
  }
  const { bits: _bits, ...fields } = header;
  return {
    ...fields,
    idat: idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat),
    inflatedBytes,
  };
}

/**
 * Inflates the image data with its output capped one byte past the size the header implies,
 * and requires that size exactly: more data than rows (the header claims fewer rows than its
 * data) is `E_OVERSIZED`, less is `E_TRUNCATED`, each found without inflating past the cap.
 */
export function checkPngData(layout: PngLayout, file: string): void {
  const expected = layout.inflatedBytes;
  let actual: number;
  try {
    actual = inflateSync(layout.idat, { maxOutputLength: expected + 1 }).length;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') actual = expected + 1;
    else if (/unexpected end of file/i.test((error as Error).message)) actual = -1;
    else throw unreadable(file, `corrupt image data: ${(error as Error).message}`, 0);
  }
  if (actual > expected) {
    throw fileFailure(
      'E_OVERSIZED',
      file,
      `the image data inflates to more than the ${expected} bytes of a ${layout.width}×${layout.height} image: the header claims fewer rows than the data has`,
      { expected },
    );
  }
  if (actual < expected) {
    throw fileFailure(
      'E_TRUNCATED',
      file,
      `the image data ${actual < 0 ? 'is cut off before its end' : `inflates to ${actual} bytes`}, fewer than the ${expected} bytes of a ${layout.width}×${layout.height} image: the header claims more rows than the data has`,
      { expected },
    );
  }
}

/**
 * Decodes a PNG after {@link checkPng} and {@link checkPngData} passed, with pngjs (any bit
 * depth, palette, grey or colour, with or without alpha, interlaced or not), to RGBA bytes.
 */
export function decodePng(
  bytes: Uint8Array,
  file: string,
  limits: PngLimits,
): { width: number; height: number; rgba: Uint8Array } {
  const layout = checkPng(bytes, file, limits);
  checkPngData(layout, file);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw unreadable(file, (error as Error).message, 0);
  }
  const rgba = new Uint8Array(
    decoded.data.buffer,
    decoded.data.byteOffset,
    decoded.data.byteLength,
  );
  return { width: decoded.width, height: decoded.height, rgba };
}
