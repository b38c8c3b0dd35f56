import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** An errno error naming `path`, as Node's own file-system errors do. */
function errnoError(code: string, message: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}, '${path}'`), { code, path });
}

/**
 * Creates the folder `path` and its missing parents, like `mkdir -p`, but one level at a time
 * and after checking that the nearest existing ancestor is a folder this process may write in:
 * Node's `mkdir(path, { recursive: true })` never settles inside the proc file system (each
 * `mkdir` there fails with ENOENT although the parent exists, and Node retries for ever), while
 * this fails at once. Errors are Node's errno errors (`ENOTDIR`, `EACCES`, `ENOENT`,
 * `ENAMETOOLONG`, `ENOSPC`, …) with `path` set to the path that failed.
 *
 * @example
 * await makeDirectory('runs/mnist/samples');
 */
export async function makeDirectory(path: string): Promise<void> {
  const target = resolve(path);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined; // look higher up
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw errnoError('ENOTDIR', 'not a directory', at);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break; // the root itself is missing: mkdir below reports it
    at = parent;
  }
  if (missing.length === 0) return;
  await access(at, constants.W_OK | constants.X_OK);
  for (const dir of missing) {
    await mkdir(dir).catch(async (error: NodeJS.ErrnoException) => {
      // Made meanwhile by someone else: fine when it is a folder.
      if (
        error.code === 'EEXIST' &&
        (await stat(dir).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      )
        return;
      throw error;
    });
  }
}
