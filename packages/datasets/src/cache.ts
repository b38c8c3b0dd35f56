import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KnownDatasetName } from './knownSources';
import { CIFAR10_FOLDER } from './loadCifar10';

/** The variable that moves the download cache. */
export const CACHE_ENV = 'GANTRY_CACHE_DIR';

/**
 * The download cache of `gantry data download`: `$GANTRY_CACHE_DIR`, else `~/.cache/gantry`.
 *
 * @example
 * await downloadDataset('mnist', { cacheDir: cacheDir() });
 */
export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  return env[CACHE_ENV] ?? join(homedir(), '.cache', 'gantry');
}

/**
 * The folder `downloadDataset(name, { cacheDir })` hands to the dataset's loader:
 * `<cache>/<name>`, and for CIFAR-10 the `cifar-10-batches-bin/` folder extracted inside it.
 */
export function downloadedDir(name: KnownDatasetName, cache: string): string {
  return name === 'cifar10' ? join(cache, name, CIFAR10_FOLDER) : join(cache, name);
}

/** Where `gantry data download NAME` left a dataset in the default cache, if it did. */
export function downloadedDataDir(
  name: KnownDatasetName,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const dir = downloadedDir(name, cacheDir(env));
  return existsSync(dir) ? dir : undefined;
}
