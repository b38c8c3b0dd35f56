import { inflateSync } from 'node:zlib';
import { crc32 } from './_crc32';
import { DEFLATE_MAX_RATIO } from './_gunzip';
import { toRgba } from './_pngPixels';
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

/** What the chunk walk found: the header, the palette and transparency, the image data. */
export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** Samples per pixel (1 grey or palette, 2 grey + alpha, 3 RGB, 4 RGBA). */
  samples: number;
  /** PLTE as RGBA entries (alpha from tRNS, else 255). */
  palette?: Uint8Array;
  /** tRNS of a grey or RGB image: the sample values of the transparent colour. */
  transparent?: number[];
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
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** A per-file failure: the message is `file: reason`. */
export function fileFailure(
  code: DatasetErrorCode,
  file: string,
  reason: string,
  details: Record<string, unknown> = {},
): DatasetError {
  return new DatasetError(code, `${file}: ${reason}`, { file, ...details });
}

const unreadable = (file: string, what: string, offset: number) =>
  fileFailure('E_DECODE', file, `not a readable PNG (${what})`, { offset });

/** Bytes of one filtered row: 1 filter byte + ⌈width·bits/8⌉ (0 for an empty pass). */
export function rowBytes(width: number, bitsPerPixel: number): number {
  return width === 0 ? 0 : 1 + Math.ceil((width * bitsPerPixel) / 8);
}

/** Width and height of each pass: one pass, or Adam7's seven. */
export function passSizes(width: number, height: number, interlaced: boolean): [number, number][] {
  if (!interlaced) return [[width, height]];
  return ADAM7.map(([x0, y0, dx, dy]) => [
    Math.ceil(Math.max(0, width - x0) / dx),
    Math.ceil(Math.max(0, height - y0) / dy),
  ]);
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
  return {
    width,
    height,
    bitDepth: bitDepth as number,
    colorType: colorType as number,
    interlaced: interlace === 1,
    samples: type.samples,
  };
}

type Header = ReturnType<typeof readHeader>;

/** PLTE as RGBA entries (alpha 255); a length that is not 3·n, n ≤ 256, is unreadable. */
function readPalette(data: Uint8Array, file: string, at: number): Uint8Array {
  if (data.length % 3 !== 0 || data.length === 0 || data.length > 768) {
    throw unreadable(file, `a PLTE of ${data.length} bytes at byte offset ${at}`, at);
  }
  const out = new Uint8Array((data.length / 3) * 4);
  for (let i = 0; i < data.length / 3; i++) {
    out.set(data.subarray(3 * i, 3 * i + 3), 4 * i);
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Applies tRNS: alpha of palette entries, or the transparent grey / RGB sample values. */
function readTransparency(data: Uint8Array, header: Header, layout: Partial<PngLayout>) {
  if (header.colorType === 3 && layout.palette) {
    for (let i = 0; i < Math.min(data.length, layout.palette.length / 4); i++) {
      layout.palette[4 * i + 3] = data[i] as number;
    }
  } else if (
    (header.colorType === 0 && data.length >= 2) ||
    (header.colorType === 2 && data.length >= 6)
  ) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    layout.transparent = Array.from({ length: header.samples }, (_, s) => view.getUint16(2 * s));
  }
}

/**
 * Walks a PNG's chunks without inflating anything: the signature, IHDR first (13 bytes, a valid
 * colour type and bit depth, width and height within `limits`), every chunk inside the file with
 * a correct CRC, no unknown critical chunk, PLTE (and tRNS) before the image data, IDAT chunks
 * consecutive, IEND present; then checks that the IDAT bytes can hold the image at all (deflate
 * expands at most 1032:1). Every failure is a {@link DatasetError} naming `file` and the offset.
 */
export function checkPng(bytes: Uint8Array, file: string, limits: PngLimits): PngLayout {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw unreadable(file, 'no PNG signature at byte offset 0', 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | undefined;
  const extra: Partial<PngLayout> = {};
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  let idatDone = false;
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
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw unreadable(file, `CRC mismatch in chunk ${type} at byte offset ${at}`, at);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (header === undefined) {
      if (type !== 'IHDR' || length !== 13)
        throw unreadable(file, 'the first chunk is not a 13-byte IHDR', at);
      header = readHeader(bytes, view, file, limits);
    } else if (type === 'IEND') {
      break;
    } else if (type === 'IDAT') {
      if (idatDone)
        throw unreadable(file, `IDAT chunks are not consecutive (byte offset ${at})`, at);
      idat.push(data);
      idatBytes += length;
    } else {
      idatDone = idat.length > 0;
      if (type === 'IHDR' || (idat.length > 0 && (type === 'PLTE' || type === 'tRNS'))) {
        throw unreadable(file, `chunk ${type} out of place at byte offset ${at}`, at);
      }
      if (type === 'PLTE') extra.palette = readPalette(data, file, at);
      else if (type === 'tRNS') readTransparency(data, header, extra);
      else if ((type.charCodeAt(0) & 0x20) === 0) {
        throw unreadable(file, `unknown critical chunk ${type} at byte offset ${at}`, at);
      }
    }
    at += 12 + length;
  }
  if (idat.length === 0) throw unreadable(file, 'no IDAT chunk', at);
  if (header.colorType === 3 && !extra.palette)
    throw unreadable(file, 'a palette image without PLTE', at);
  const bits = header.samples * header.bitDepth;
  const inflatedBytes = passSizes(header.width, header.height, header.interlaced).reduce(
    (n, [w, h]) => n + h * rowBytes(w, bits),
    0,
  );
  if (inflatedBytes > DEFLATE_MAX_RATIO * idatBytes + 1024) {
    throw fileFailure(
      'E_TRUNCATED',
      file,
      `${idatBytes} bytes of image data cannot hold the ${inflatedBytes} bytes a ${header.width}×${header.height} image needs (deflate expands at most ${DEFLATE_MAX_RATIO}:1): the header claims more rows than the data has`,
      { offset: at, expected: inflatedBytes },
    );
  }
  const joined = idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat);
  return { ...header, ...extra, idat: joined, inflatedBytes };
}

/**
 * Inflates the image data with its output capped one byte past the size the header implies,
 * and requires that size exactly: more data than rows (the header claims fewer rows than its
 * data) is `E_OVERSIZED`, less is `E_TRUNCATED`, each found without inflating past the cap.
 */
export function inflatePng(layout: PngLayout, file: string): Uint8Array {
  const expected = layout.inflatedBytes;
  let out: Uint8Array | undefined;
  let actual: number;
  try {
    out = inflateSync(layout.idat, { maxOutputLength: expected + 1 });
    actual = out.length;
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
  if (actual < expected || out === undefined) {
    throw fileFailure(
      'E_TRUNCATED',
      file,
      `the image data ${actual < 0 ? 'is cut off before its end' : `inflates to ${actual} bytes`}, fewer than the ${expected} bytes of a ${layout.width}×${layout.height} image: the header claims more rows than the data has`,
      { expected },
    );
  }
  return out;
}

/**
 * Decodes a PNG to RGBA bytes after checking it: {@link checkPng} (layout and limits, nothing
 * inflated), {@link inflatePng} (exactly the rows the header claims), then unfiltering and the
 * pixel formats of every colour type, bit depth and interlacing (see `_pngPixels.ts`).
 */
export function decodePng(
  bytes: Uint8Array,
  file: string,
  limits: PngLimits,
): { width: number; height: number; rgba: Uint8Array } {
  const layout = checkPng(bytes, file, limits);
  const raw = inflatePng(layout, file);
  const rgba = toRgba(layout, raw, (reason) => unreadable(file, reason, 0));
  return { width: layout.width, height: layout.height, rgba };
}
