import { createGunzip } from 'node:zlib';
import { allocateFor } from './_files';
import { DatasetError } from './errors';

/**
 * Deflate's largest expansion: a length-258 match in 2 bits (1-bit literal/length and distance
 * codes) gives 258 bytes per 2 bits, 1032 bytes per compressed byte (zlib's technical notes).
 */
export const DEFLATE_MAX_RATIO = 1032;

/** The exact decompressed size a format's header announces, and what it is made of. */
export interface AnnouncedSize {
  expectedBytes: number;
  layout: string;
}

/** How {@link gunzipBounded} decides how much output to accept. */
export interface GunzipBound {
  /** Reads the header from the first decompressed bytes; `undefined` while they are too few. */
  sizeFromHead: (head: Uint8Array) => AnnouncedSize | undefined;
  /** Largest decompressed size accepted, in bytes. */
  maxBytes: number;
  /** The option that sets `maxBytes`, named in the message. */
  option: string;
}

/** `E_LIMIT`: a header announces more bytes than the option `option` = `maxBytes` allows. */
export function sizeLimitError(
  file: string,
  size: AnnouncedSize,
  limit: { maxBytes: number; option: string },
): DatasetError {
  return new DatasetError(
    'E_LIMIT',
    `${file}: the header describes ${size.expectedBytes} bytes (${size.layout}), more than the ${limit.maxBytes} allowed (option ${limit.option})`,
    { file, option: limit.option, expected: limit.maxBytes, actual: size.expectedBytes },
  );
}

/** Refuses, before any allocation, a size the file cannot hold or the caller does not allow. */
function checkAnnounced(
  size: AnnouncedSize,
  compressed: number,
  file: string,
  bound: GunzipBound,
): void {
  if (size.expectedBytes > bound.maxBytes) throw sizeLimitError(file, size, bound);
  if (size.expectedBytes > DEFLATE_MAX_RATIO * compressed + 1024) {
    throw new DatasetError(
      'E_TRUNCATED',
      `${file}: the header describes ${size.expectedBytes} bytes (${size.layout}), more than a ${compressed}-byte gzip file can hold (deflate expands at most ${DEFLATE_MAX_RATIO}:1): the file is truncated`,
      { file, offset: compressed, expected: size.expectedBytes },
    );
  }
}

function zlibError(error: unknown, file: string, compressed: number): DatasetError {
  const truncated = /unexpected end of file/i.test((error as Error).message);
  return new DatasetError(
    truncated ? 'E_TRUNCATED' : 'E_DECODE',
    truncated
      ? `${file}: truncated at byte offset ${compressed}: the gzip stream ends before its end marker`
      : `${file}: corrupt gzip data (${(error as Error).message})`,
    { file, offset: compressed, cause: error },
  );
}

/**
 * Gunzips `compressed` (read from `file`) without trusting it: the first decompressed bytes go
 * to `bound.sizeFromHead`, and from then on the output is capped at the size the header
 * announces. A stream that decompresses to more stops at once with `E_OVERSIZED` (a gzip bomb
 * costs one 64 KiB chunk, not gigabytes); a size above `bound.maxBytes` or above what the file
 * can hold (deflate's 1032:1) fails before anything is allocated. Returns the decompressed
 * bytes, shorter than announced when the data ends early (the format's parser names the
 * offset); a cut or corrupt gzip stream throws `E_TRUNCATED` / `E_DECODE` naming the file.
 */
export async function gunzipBounded(
  compressed: Uint8Array,
  file: string,
  bound: GunzipBound,
): Promise<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  gunzip.end(compressed);
  let head: Uint8Array = new Uint8Array(0);
  let size: AnnouncedSize | undefined;
  let out: Uint8Array | undefined;
  let total = 0;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      let chunk: Uint8Array = piece;
      if (out === undefined) {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        size = bound.sizeFromHead(head);
        if (size === undefined) continue;
        checkAnnounced(size, compressed.length, file, bound);
        out = allocateFor(size.expectedBytes, file, 'the decompressed data');
        chunk = head;
      }
      const expected = (size as AnnouncedSize).expectedBytes;
      if (total + chunk.length > expected) {
        throw new DatasetError(
          'E_OVERSIZED',
          `${file}: decompresses to more than the ${expected} bytes its header describes (${size?.layout}); stopped at byte offset ${expected} of the decompressed data`,
          { file, offset: expected, expected },
        );
      }
      out.set(chunk, total);
      total += chunk.length;
    }
  } catch (error) {
    throw error instanceof DatasetError ? error : zlibError(error, file, compressed.length);
  } finally {
    gunzip.destroy();
  }
  if (out === undefined) return head;
  return total === out.length ? out : out.subarray(0, total);
}
