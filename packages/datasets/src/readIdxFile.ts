import { isGzip, openRegularFile, readAt } from './_files';
import { gunzipBounded, sizeLimitError } from './_gunzip';
import { positiveIntegerOption } from './_options';
import { checkIdxLength, type IdxArray, idxHeader, parseIdx } from './idx';

/** Default largest IDX array {@link readIdxFile} reads: 1 GiB (full MNIST is 47 MB). */
export const IDX_READ_MAX_BYTES = 2 ** 30;

/** Options of {@link readIdxFile}. */
export interface ReadIdxOptions {
  /** Largest (decompressed) file accepted in bytes, default {@link IDX_READ_MAX_BYTES}. */
  maxBytes?: number;
}

/** Largest IDX header: 4 bytes of magic + 255 dimension sizes. */
const MAX_HEADER = 4 + 4 * 255;

/**
 * Reads an IDX file, gzip-compressed or raw (told apart by content: the gzip magic 1f 8b, never
 * by the file name), and parses it with {@link parseIdx}. Nothing is trusted before it is
 * checked: only regular files are opened (a FIFO or device is refused at once); a raw file's
 * size must equal what its header describes before its data is read; a gzip stream is
 * decompressed only up to the size its header announces (a gzip bomb fails with `E_OVERSIZED`
 * after one chunk). Errors name the file; byte offsets count in the decompressed data.
 *
 * @example
 * const { shape } = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz'); // [10000]
 */
export async function readIdxFile(path: string, opts: ReadIdxOptions = {}): Promise<IdxArray> {
  const maxBytes = positiveIntegerOption(
    'readIdxFile',
    'maxBytes',
    opts.maxBytes,
    IDX_READ_MAX_BYTES,
  );
  const { handle, size } = await openRegularFile(path, 'IDX file');
  try {
    const start = await readAt(handle, path, 0, Math.min(size, MAX_HEADER));
    if (isGzip(start)) {
      const compressed = await readAt(handle, path, 0, size);
      const file = `${path} (after gunzip)`;
      const bytes = await gunzipBounded(compressed, path, {
        sizeFromHead: (head) => idxHeader(head, file),
        maxBytes,
        option: 'maxBytes',
      });
      return parseIdx(bytes, { file });
    }
    const header = idxHeader(start, path);
    if (header === undefined) return parseIdx(start, { file: path }); // throws: short header
    if (header.expectedBytes > maxBytes) {
      throw sizeLimitError(path, header, { maxBytes, option: 'maxBytes' });
    }
    checkIdxLength(header, size, path);
    return parseIdx(await readAt(handle, path, 0, size), { file: path });
  } finally {
    await handle.close().catch(() => {});
  }
}
