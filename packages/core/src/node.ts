import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { registerTempFile, releaseTempFile } from './tempFiles';

export {
  type CleanupSignal,
  installTempFileCleanup,
  isProcessAlive,
  liveTempFiles,
  registerTempFile,
  releaseTempFile,
  removeLiveTempFilesSync,
  removeStaleTempFiles,
  type TempFileCleanupOptions,
  tempFileOwner,
} from './tempFiles';

let counter = 0;

/** A unique temporary path next to `path` (same folder, so a rename is atomic). */
export function tempPathFor(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder, flushed with fsync,
 * then renamed over `path`. A crash or Ctrl-C leaves either the old file or the new one, never
 * a half-written one.
 *
 * @example
 * await atomicWriteFile('runs/a/config.json', JSON.stringify(config));
 */
export async function atomicWriteFile(path: string, data: Uint8Array | string): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w');
  registerTempFile(temp);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    releaseTempFile(temp);
    throw error;
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    releaseTempFile(temp);
  }
}

/** Flushes a folder's entry table to disk (after renames in it); a no-op where unsupported. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic.
  }
}
