import { readdir, readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { DatasetError } from './errors';

const gunzipAsync = promisify(gunzipCallback);

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads a file, turning "not found" into a {@link DatasetError} that names it. */
export async function readFileChecked(path: string, what = 'file'): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(
      code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_DECODE',
      code === 'ENOENT'
        ? `${path}: no such ${what}`
        : `${path}: cannot read (${(error as Error).message})`,
      { file: path },
      error,
    );
  }
}

/** Gunzips `bytes` read from `file`; a cut or corrupt stream throws an error naming the file. */
export async function gunzipChecked(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  try {
    const out = await gunzipAsync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    const truncated = /unexpected end of file/i.test((error as Error).message);
    throw new DatasetError(
      truncated ? 'E_TRUNCATED' : 'E_DECODE',
      truncated
        ? `${file}: truncated at byte offset ${bytes.length}: the gzip stream ends before its end marker`
        : `${file}: corrupt gzip data (${(error as Error).message})`,
      { file, offset: bytes.length },
      error,
    );
  }
}

/** The entries of a folder, or an error naming it when it is missing. */
export async function listDir(dir: string, what: string): Promise<string[]> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return await readdir(dir);
  } catch (error) {
    throw new DatasetError(
      'E_NOT_FOUND',
      `${what}: folder ${dir} ${(error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'is not a folder' : 'does not exist'}`,
      { file: dir },
      error,
    );
  }
}
