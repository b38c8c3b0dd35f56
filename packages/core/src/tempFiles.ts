import { rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Temporary paths this process created and has not yet renamed or removed. */
const live = new Set<string>();

/** The name {@link tempPathFor} gives: `.NAME.PID.N.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/**
 * Records a temporary file (or folder) this process is writing, so that
 * {@link removeLiveTempFilesSync} can remove it if the process is interrupted. Call
 * {@link releaseTempFile} once it has been renamed into place or removed.
 *
 * @example
 * registerTempFile(temp); try { … await rename(temp, path); } finally { releaseTempFile(temp); }
 */
export function registerTempFile(path: string): void {
  live.add(path);
}

/** Forgets a path given to {@link registerTempFile} (renamed or removed). */
export function releaseTempFile(path: string): void {
  live.delete(path);
}

/** The temporary paths registered now, in registration order. */
export function liveTempFiles(): string[] {
  return [...live];
}

/**
 * Removes every registered temporary path at once, synchronously (safe inside a signal handler
 * or an `exit` listener), and returns the paths removed. Errors are ignored: a path may already
 * be gone.
 */
export function removeLiveTempFilesSync(): string[] {
  const removed = [...live];
  for (const path of removed) {
    try {
      rmSync(path, { force: true, recursive: true });
    } catch {
      // Already gone, or not ours to remove any more: nothing else to do while exiting.
    }
    live.delete(path);
  }
  return removed;
}

/** A signal the cleanup can listen for (a plain union, so the published types need no @types/node). */
export type CleanupSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGQUIT' | 'SIGBREAK';

/** Options of {@link installTempFileCleanup}. */
export interface TempFileCleanupOptions {
  /** Signals after which the registered temporary paths are removed; default SIGINT, SIGTERM. */
  signals?: readonly CleanupSignal[];
}

/**
 * Installs the cleanup a program (the CLI) wants around its temporary files: on each signal
 * (SIGINT, SIGTERM by default) that has no other listener, the registered paths are removed and
 * the signal is raised again, so the process ends as it would have (killed by that signal,
 * shell status 128 + its number); a signal another listener handles (a graceful stop) is left
 * to it, and the paths still registered at `exit` are removed then. SIGKILL cannot be
 * caught: {@link removeStaleTempFiles} cleans up after it at the next start. Returns a function
 * that uninstalls the listeners. Libraries never call this; programs do, once.
 *
 * @example
 * const uninstall = installTempFileCleanup(); // first thing in the CLI's main()
 */
export function installTempFileCleanup(opts: TempFileCleanupOptions = {}): () => void {
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const onExit = () => void removeLiveTempFilesSync();
  const handlers = new Map<CleanupSignal, () => void>();
  for (const signal of signals) {
    const handler = () => {
      // Another listener (e.g. a graceful stop) decides what happens; `exit` cleans up after it.
      if (process.listenerCount(signal) > 1) return;
      removeLiveTempFilesSync();
      uninstall();
      process.kill(process.pid, signal);
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  process.on('exit', onExit);
  function uninstall() {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    process.removeListener('exit', onExit);
  }
  return uninstall;
}

/** True when a process with this id exists (EPERM: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID in a temporary name made by `tempPathFor` (`.NAME.PID.N.tmp`), else undefined. */
export function tempFileOwner(name: string): number | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

function isStale(name: string): boolean {
  const pid = tempFileOwner(name);
  return pid !== undefined && pid !== process.pid && !isProcessAlive(pid);
}

/**
 * Removes the temporary files (and folders) that `tempPathFor` named in `dir` for processes
 * no longer alive (killed, e.g. by SIGKILL, before they could clean up), and returns their
 * names. Files of live processes, this one included, are left alone; a missing `dir` removes
 * nothing.
 *
 * @example
 * await removeStaleTempFiles(cacheDir); // ['.train-images-idx3-ubyte.gz.4242.1.tmp']
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const stale = names.filter(isStale);
  for (const name of stale) await rm(join(dir, name), { force: true, recursive: true });
  return stale;
}
