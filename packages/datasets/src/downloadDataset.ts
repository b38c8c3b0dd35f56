import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTempFiles } from '@gantry/core/node';
import { fileSystemError } from './_files';
import { extractTarGz } from './_tar';
import { download } from './download';
import { DatasetError } from './errors';
import { KNOWN_SOURCES, type KnownDatasetName, type KnownSource } from './knownSources';
import { CIFAR10_FILES, CIFAR10_FOLDER } from './loadCifar10';

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions {
  /** Cache folder; the dataset goes to `<cacheDir>/<name>/`. */
  cacheDir: string;
  /** Base URL replacing the origin of every file's URL; wins over `$GANTRY_DATA_MIRROR`. */
  mirror?: string;
  /** Progress of each file. */
  onProgress?: (file: string, received: number, total: number | undefined) => void;
  /** Retries per URL (default 3). */
  retries?: number;
  /** Delay before the first retry in ms (default 1000). */
  retryDelayMs?: number;
  /** Per attempt: headers within this many ms (default 15,000 or `$GANTRY_DOWNLOAD_TIMEOUT_MS`). */
  connectTimeoutMs?: number;
  /** Per attempt: the longest the body may stall (default 30,000 or `$GANTRY_DOWNLOAD_TIMEOUT_MS`). */
  idleTimeoutMs?: number;
  /** One line per attempt and per failure, e.g. `trying URL (attempt 2/4)`. */
  onLog?: (line: string) => void;
  /** Cancels the download; temporary files are removed. */
  signal?: AbortSignal;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Replaces the listing of {@link KNOWN_SOURCES} (a private copy with its own checksums). */
  source?: KnownSource;
}

/**
 * Downloads a known dataset into `<cacheDir>/<name>/` with {@link download} (checksums, retries,
 * mirror) and returns the folder to hand to its loader: for `mnist` and `fashion-mnist` the
 * folder of the four `.gz` files (for `loadMnist` / `loadFashionMnist`); for `cifar10` the
 * `cifar-10-batches-bin/` folder extracted from the verified `cifar-10-binary.tar.gz` (for
 * `loadCifar10`). Files already there are re-verified, not fetched again. Each file's size from
 * {@link KNOWN_SOURCES} is enforced; timeouts, retries, logging and cancelling are those of
 * {@link download}.
 *
 * @example
 * const dir = await downloadDataset('mnist', { cacheDir: '.cache/gantry' });
 * const { train } = await loadMnist({ dir });
 */
export async function downloadDataset(
  name: KnownDatasetName,
  opts: DownloadDatasetOptions,
): Promise<string> {
  const source = opts?.source ?? KNOWN_SOURCES[name];
  if (source === undefined) {
    throw new DatasetError(
      'E_UNKNOWN_NAME',
      `downloadDataset: unknown dataset "${name}"; known: ${Object.keys(KNOWN_SOURCES).join(', ')}`,
      { option: 'name', value: name, known: Object.keys(KNOWN_SOURCES) },
    );
  }
  const dir = join(opts.cacheDir, name);
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, dir, 'creating the dataset folder');
  });
  const paths: string[] = [];
  const { source: _source, onProgress, cacheDir: _cacheDir, ...shared } = opts;
  for (const file of source.files) {
    paths.push(
      await download(file.url, {
        ...shared,
        sha256: file.sha256,
        cacheDir: dir,
        fileName: file.name,
        ...(file.bytes === undefined ? {} : { bytes: file.bytes }),
        ...(file.mirrors ? { fallbackUrls: file.mirrors } : {}),
        ...(onProgress
          ? { onProgress: (r: number, t: number | undefined) => onProgress(file.name, r, t) }
          : {}),
      }),
    );
  }
  if (name !== 'cifar10') return dir;
  return extractCifar10(paths[0] as string, dir, source.files[0]?.sha256 ?? '');
}

/** Unpacks the six batch files (and `batches.meta.txt`) once per archive checksum. */
async function extractCifar10(archive: string, dir: string, sha256: string): Promise<string> {
  const out = join(dir, CIFAR10_FOLDER);
  const marker = join(out, `.extracted-${sha256.slice(0, 16)}`);
  const wanted = [...CIFAR10_FILES.train, CIFAR10_FILES.test];
  if (existsSync(marker) && wanted.every((f) => existsSync(join(out, f)))) return out;
  await mkdir(out, { recursive: true });
  await removeStaleTempFiles(out);
  const keep = new Set([...wanted, 'batches.meta.txt']);
  const written = await extractTarGz(archive, out, (path) => {
    const base = path.split('/').pop() ?? '';
    return keep.has(base) ? base : null;
  });
  const missing = wanted.filter((f) => !written.includes(f));
  if (missing.length > 0) {
    throw new DatasetError('E_NOT_FOUND', `${archive}: the archive lacks ${missing.join(', ')}`, {
      file: archive,
      expected: missing,
    });
  }
  for (const f of wanted) await stat(join(out, f));
  await writeFile(marker, `${sha256}\n`);
  return out;
}
