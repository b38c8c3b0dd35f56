import { basename } from 'node:path';
import { isGantryError } from '@gantry/core';
import { tempFileOwner } from '@gantry/core/node';
import { TrainerError } from './errors';

/** What an errno code means, in words, for a message. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way where a folder should be',
  EEXIST: 'it already exists',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long for the file system',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the device',
};

/** Codes that say the path a user gave cannot be used as it is (a usage error when it is theirs). */
const PATH_CODES = new Set(['ENOTDIR', 'EEXIST', 'EISDIR', 'ENAMETOOLONG', 'ENOENT', 'ELOOP']);

/** True for an error of Node's file system (an errno `code` such as ENOSPC). */
export function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    !isGantryError(error) &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code as string)
  );
}

/** A path short enough for a message: at most 160 characters, with the length when cut. */
export function shortPath(path: string): string {
  return path.length <= 160
    ? path
    : `${path.slice(0, 100)}…${path.slice(-40)} (${path.length.toLocaleString('en-US')} characters)`;
}

/**
 * A file-system failure as a {@link TrainerError} naming the path and what was being done:
 * `E_NO_SPACE` for a full disk or quota, `E_BAD_CONFIG` when `option` names the setting the
 * path came from and the path itself is unusable (a file in the way, a name too long), else
 * `E_FILE_SYSTEM`. A Gantry error passes through unchanged.
 *
 * @example
 * throw fileSystemError(error, 'runs/a/config.json', 'writing the run record');
 */
export function fileSystemError(
  error: unknown,
  path: string,
  doing: string,
  option?: string,
): unknown {
  if (!isErrnoError(error)) return error;
  const code = error.code as string;
  // Name the file the caller writes, not its temporary copy (`.NAME.PID.N.tmp`).
  const own = typeof error.path === 'string' ? error.path : '';
  const at = own.length > 0 && tempFileOwner(basename(own)) === undefined ? own : path;
  const reason = REASONS[code] ?? error.message;
  const kind =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'E_NO_SPACE'
      : option !== undefined && PATH_CODES.has(code)
        ? 'E_BAD_CONFIG'
        : 'E_FILE_SYSTEM';
  const label = option === undefined ? '' : `\`${option}\` `;
  return new TrainerError(
    kind,
    `${label}${shortPath(at)}: ${reason} while ${doing} (${code})`,
    { ...(option === undefined ? {} : { option }), file: at, errno: code },
    error,
  );
}

/** Runs `write`, turning a file-system error into {@link fileSystemError} for `path`. */
export async function writingTo<T>(
  path: string,
  doing: string,
  write: () => Promise<T>,
  option?: string,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw fileSystemError(error, path, doing, option);
  }
}
