import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { DatasetError } from './errors';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** What a file-system entry that is not a regular file is, in words. */
export function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Read-only, and never blocking on a FIFO or a device (O_NONBLOCK changes nothing for files). */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function readError(error: unknown, path: string, what: string): DatasetError {
  const code = errnoOf(error);
  if (code === 'ENOENT') {
    return new DatasetError('E_NOT_FOUND', `${path}: no such ${what}`, {
      file: path,
      cause: error,
    });
  }
  return new DatasetError('E_DECODE', `${path}: cannot read (${(error as Error).message})`, {
    file: path,
    errno: code,
    cause: error,
  });
}

/**
 * Opens a regular file for reading and returns its handle and size. The open never blocks (a
 * FIFO or a device opens at once) and the open file is checked with fstat, so a FIFO, device,
 * socket or folder is refused with `E_NOT_A_FILE` naming it; a missing file is `E_NOT_FOUND`.
 */
export async function openRegularFile(
  path: string,
  what = 'file',
): Promise<{ handle: FileHandle; size: number; info: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    throw readError(error, path, what);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new DatasetError(
        'E_NOT_A_FILE',
        `${path}: ${fileKind(info)}, not a regular ${what}: refused`,
        { file: path, kind: fileKind(info) },
      );
    }
    return { handle, size: info.size, info };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error instanceof DatasetError ? error : readError(error, path, what);
  }
}

/** `new Uint8Array(length)`; a failed allocation is an `E_LIMIT` error naming the file. */
export function allocateFor(length: number, file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(length);
  } catch (error) {
    throw new DatasetError(
      'E_LIMIT',
      `${file}: cannot allocate ${length} bytes for ${what} (${(error as Error).message})`,
      { file, expected: length, cause: error },
    );
  }
}

/** Reads `length` bytes at `position` (fewer only where the file ends first). */
export async function readAt(
  handle: FileHandle,
  file: string,
  position: number,
  length: number,
): Promise<Uint8Array> {
  const out = allocateFor(length, file, 'its contents');
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? out : out.subarray(0, done);
}

/** Options of {@link readRegularFile}. */
export interface ReadLimit {
  /** What the file is, for messages ("IDX file"). */
  what?: string;
  /** Largest size accepted, in bytes; a bigger file is `E_LIMIT`, read not at all. */
  maxBytes?: number;
  /** The option that sets `maxBytes`, named in the message. */
  option?: string;
  /** The file must still be this one (device and inode checked when it was listed). */
  same?: { dev: number; ino: number };
}

/**
 * Reads a whole regular file (see {@link openRegularFile}: FIFOs, devices and folders are
 * refused without blocking), bounded by `maxBytes`. Errors name the file.
 */
export async function readRegularFile(path: string, limit: ReadLimit = {}): Promise<Uint8Array> {
  const { handle, size, info } = await openRegularFile(path, limit.what);
  try {
    if (limit.same && (info.dev !== limit.same.dev || info.ino !== limit.same.ino)) {
      throw new DatasetError('E_NOT_A_FILE', `${path}: replaced while the folder was read`, {
        file: path,
      });
    }
    if (limit.maxBytes !== undefined && size > limit.maxBytes) {
      throw new DatasetError(
        'E_LIMIT',
        `${path}: ${size} bytes, more than the ${limit.maxBytes} allowed${limit.option ? ` (option ${limit.option})` : ''}`,
        { file: path, option: limit.option, expected: limit.maxBytes, actual: size },
      );
    }
    return await readAt(handle, path, 0, size);
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * A failed write, flush, rename or folder creation as a typed error naming `path`: a full disk
 * or quota (ENOSPC, EDQUOT) is `E_NO_SPACE`, any other file-system error `E_FILE_SYSTEM`.
 * Errors that are not file-system errors (no errno code) are returned as they are.
 */
export function fileSystemError(error: unknown, path: string, action: string): unknown {
  const code = errnoOf(error);
  if (error instanceof DatasetError || code === undefined || !/^E[A-Z]+$/.test(code)) return error;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DatasetError(
      'E_NO_SPACE',
      `${path}: no space left on the device while ${action} (${code}); free some space or choose another folder`,
      { file: path, errno: code, cause: error },
    );
  }
  return new DatasetError(
    'E_FILE_SYSTEM',
    `${path}: failed while ${action} (${(error as Error).message})`,
    { file: path, errno: code, cause: error },
  );
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

/**
 * Writes all of `bytes` at the handle's position: `FileHandle.write` may write fewer bytes
 * (a disk filling up does that before it fails with ENOSPC), so it loops until done.
 */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    if (bytesWritten === 0) {
      throw Object.assign(new Error('no byte written'), { code: 'ENOSPC', syscall: 'write' });
    }
    done += bytesWritten;
  }
}
