import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fsyncDir, tempPathFor } from '@gantry/core/node';
import { DatasetError } from './errors';

/** Environment variable with a mirror base URL that replaces the origin of download URLs. */
export const MIRROR_ENV = 'GANTRY_DATA_MIRROR';

/** Options of {@link download}. */
export interface DownloadOptions {
  /** Expected SHA-256 of the file, 64 hex digits. */
  sha256: string;
  /** Folder of verified files; created when missing. */
  cacheDir: string;
  /** Name in the cache, default the last segment of the URL's path. */
  fileName?: string;
  /** Base URL replacing the URL's origin (path kept); wins over `$GANTRY_DATA_MIRROR`. */
  mirror?: string;
  /** More URLs with the same bytes, tried in order after `url` fails (not with a mirror). */
  fallbackUrls?: readonly string[];
  /** Retries per URL after a network error, a cut connection or an HTTP 5xx/408/429; default 3. */
  retries?: number;
  /** Delay before the first retry in ms, doubled after each; default 1000. */
  retryDelayMs?: number;
  /** Called as bytes arrive, with the total from Content-Length when known. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** The fetch to use (default the global one), e.g. for tests or proxies. */
  fetch?: typeof fetch;
  /** Cancels the download; the temporary file is removed. */
  signal?: AbortSignal;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** SHA-256 of a file, streamed, in lowercase hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `url` with its origin replaced by the `mirror` base URL, path and query kept:
 * `mirror = https://m.example/data`, `url = https://host/a/b.gz` → `https://m.example/data/a/b.gz`.
 *
 * @example
 * mirrorUrl('https://host/a/b.gz', 'http://127.0.0.1:8080'); // 'http://127.0.0.1:8080/a/b.gz'
 */
export function mirrorUrl(url: string, mirror: string, option = 'mirror'): string {
  let base: URL;
  try {
    base = new URL(mirror);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http');
  } catch (error) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `${option}: "${mirror}" is not an http(s) base URL`,
      { option, value: mirror, cause: error },
    );
  }
  const u = new URL(url);
  return `${base.href.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

/** Is an HTTP status worth retrying? */
const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

interface Attempt {
  url: string;
  error: DatasetError;
  retryable: boolean;
}

/**
 * Downloads `url` into `cacheDir` and returns the path of the verified file. A file already in
 * the cache is re-hashed first and used only if its SHA-256 matches (else fetched again). The
 * bytes stream into a temporary file next to the target while being hashed, are flushed, checked
 * against `sha256` and only then renamed into place, so the cache never holds a partial or
 * corrupt file under its real name. Network errors, cut connections and HTTP 5xx are retried
 * with exponential backoff; a 404 or a checksum mismatch moves on to the next fallback URL.
 * The mirror comes from `opts.mirror`, else `$GANTRY_DATA_MIRROR`.
 *
 * @example
 * const path = await download(KNOWN_SOURCES.mnist.files[0].url, { sha256: KNOWN_SOURCES.mnist.files[0].sha256, cacheDir: '.cache' });
 */
export async function download(url: string, opts: DownloadOptions): Promise<string> {
  const sha256 = String(opts?.sha256 ?? '').toLowerCase();
  if (!HEX64.test(sha256)) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `download: sha256 must be 64 hex digits, got "${opts?.sha256}"`,
      { option: 'sha256' },
    );
  }
  if (typeof opts.cacheDir !== 'string' || opts.cacheDir === '') {
    throw new DatasetError('E_INVALID_ARGUMENT', 'download: cacheDir must be a folder path', {
      option: 'cacheDir',
    });
  }
  const retries = opts.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `download: retries must be an integer ≥ 0, got ${retries}`,
      { option: 'retries' },
    );
  }
  const envMirror = globalThis.process?.env?.[MIRROR_ENV];
  const mirror = opts.mirror ?? (envMirror ? envMirror : undefined);
  const urls =
    mirror === undefined
      ? [url, ...(opts.fallbackUrls ?? [])]
      : [mirrorUrl(url, mirror, opts.mirror === undefined ? `$${MIRROR_ENV}` : 'mirror')];
  const fileName = opts.fileName ?? basename(new URL(url).pathname);
  await mkdir(opts.cacheDir, { recursive: true });
  const target = join(opts.cacheDir, fileName);

  if (await exists(target)) {
    if ((await sha256File(target)) === sha256) return target;
    await rm(target, { force: true });
  }

  const attempts: Attempt[] = [];
  const delay = opts.retryDelayMs ?? 1000;
  for (const candidate of urls) {
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(delay * 2 ** (attempt - 1), opts.signal);
      try {
        await fetchInto(candidate, target, { ...opts, sha256 });
        return target;
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        const failure = asAttempt(candidate, error);
        attempts.push(failure);
        if (!failure.retryable) break;
      }
    }
  }
  const last = attempts[attempts.length - 1] as Attempt;
  const reasons = new Map<string, number>();
  for (const a of attempts) reasons.set(a.error.message, (reasons.get(a.error.message) ?? 0) + 1);
  const summary = [...reasons].map(([m, n]) => (n > 1 ? `${m} (${n} attempts)` : m)).join('; ');
  throw new DatasetError(last.error.code, `download of ${fileName} failed: ${summary}`, {
    ...last.error.details,
    file: target,
    attempts: attempts.length,
    cause: last.error,
  });
}

function asAttempt(url: string, error: unknown): Attempt {
  if (error instanceof DatasetError) {
    const status = error.details.status as number | undefined;
    const retryable =
      error.code === 'E_NETWORK' || (error.code === 'E_HTTP' && retryableStatus(status ?? 0));
    return { url, error, retryable };
  }
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  return {
    url,
    error: new DatasetError(
      'E_NETWORK',
      `${url}: ${(error as Error)?.message ?? String(error)}${cause ? ` (${cause})` : ''}`,
      { url, cause: error },
    ),
    retryable: true,
  };
}

async function fetchInto(
  url: string,
  target: string,
  opts: DownloadOptions & { sha256: string },
): Promise<void> {
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const temp = tempPathFor(target);
  const handle = await open(temp, 'w');
  let closed = false;
  try {
    const response = await fetchImpl(url, { signal: opts.signal, redirect: 'follow' });
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => {});
      throw new DatasetError('E_HTTP', `${url}: HTTP ${response.status} ${response.statusText}`, {
        url,
        status: response.status,
      });
    }
    const length = response.headers.get('content-length');
    const total = length === null ? undefined : Number(length);
    const hash = createHash('sha256');
    let received = 0;
    opts.onProgress?.(0, total);
    const reader = response.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      await handle.write(value);
      received += value.byteLength;
      opts.onProgress?.(received, total);
    }
    if (total !== undefined && received !== total) {
      throw new DatasetError(
        'E_NETWORK',
        `${url}: connection closed after ${received} of ${total} bytes`,
        { url, offset: received, expected: total },
      );
    }
    await handle.sync();
    await handle.close();
    closed = true;
    const actual = hash.digest('hex');
    if (actual !== opts.sha256) {
      throw new DatasetError(
        'E_CHECKSUM',
        `${url}: SHA-256 mismatch: expected ${opts.sha256}, got ${actual} (${received} bytes)`,
        { url, expected: opts.sha256, actual, bytes: received },
      );
    }
    await rename(temp, target);
    await fsyncDir(opts.cacheDir);
  } catch (error) {
    if (!closed) await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
