import { gunzipChecked, isGzip, readFileChecked } from './_files';
import { type IdxArray, parseIdx } from './idx';

/**
 * Reads an IDX file, gzip-compressed or raw (told apart by content: the gzip magic 1f 8b, never
 * by the file name), and parses it with {@link parseIdx}. Errors name the file; byte offsets
 * count in the decompressed data.
 *
 * @example
 * const { shape } = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz'); // [10000]
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const raw = await readFileChecked(path, 'IDX file');
  const bytes = isGzip(raw) ? await gunzipChecked(raw, path) : raw;
  return parseIdx(bytes, { file: isGzip(raw) ? `${path} (after gunzip)` : path });
}
