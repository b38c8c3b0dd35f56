import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { removeStaleTempFiles } from '@gantry/core/node';
import { type AttemptOptions, fetchInto } from './_fetchInto';
import { fileSystemError } from './_files';
import { positiveIntegerOption } from './_options';
import { DatasetError } from './errors';

/** Environment variable with a mirror base URL that replaces the origin of download URLs. */
export const MIRROR_ENV = 'GANTRY_DATA_MIRROR';

/** Environment variable with a per-attempt timeout in ms: connect and idle timeouts both. */
export const DOWNLOAD_TIMEOUT_ENV = 'GANTRY_DOWNLOAD_TIMEOUT_MS';

/** Defaults of {@link download}: 4 attempts per URL; worst case per URL ≈ 4 × 15 s + 7 s. */
export const DOWNLOAD_DEFAULTS = Object.freeze({
  retries: 3,
  retryDelayMs: 1000,
  connectTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  minBytesPerSecond: 1024,
  maxBytes: 2 ** 32,
});

/** Options of {@link download}. */
export interface DownloadOptions {
  /** Expected SHA-256 of the file, 64 hex digits. */
  sha256: string;
  /** Folder of verified files; created when missing. */
  cacheDir: string;
  /** Name in the cache, default the last segment of the URL's path. */
  fileName?: string;
  /** Expected size in bytes: a Content-Length that disagrees fails at once, a longer body is cut. */
  bytes?: number;
  /** Largest body accepted when `bytes` is not given; default 4 GiB. */
  maxBytes?: number;
  /** Base URL replacing the URL's origin (path kept); wins over `$GANTRY_DATA_MIRROR`. */
  mirror?: string;
  /** More URLs with the same bytes, tried in order after `url` fails (not with a mirror). */
  fallbackUrls?: readonly string[];
  /** Retries per URL after a network error, a timeout, a cut connection or an HTTP 5xx/408/429; default 3. */
  retries?: number;
  /** Delay before the first retry in ms, doubled after each; default 1000. */
  retryDelayMs?: number;
  /** Per attempt: the response headers must arrive within this many ms; default 15,000 or `$GANTRY_DOWNLOAD_TIMEOUT_MS`. */
  connectTimeoutMs?: number;
  /** Per attempt: the body fails when fewer than `minBytesPerSecond`·T bytes arrive in any T = this many ms; default 30,000 or `$GANTRY_DOWNLOAD_TIMEOUT_MS`. */
  idleTimeoutMs?: number;
  /** The slowest body accepted, averaged over `idleTimeoutMs`; default 1024 bytes/s. */
  minBytesPerSecond?: number;
  /** Called as bytes arrive, with the total (`bytes`, else Content-Length) when known. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** Gets one line per attempt (`trying URL (attempt 2/4)`) and one per failure. */
  onLog?: (line: string) => void;
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

/** What to do after a failed attempt: retry the URL, try the next one, or stop everything. */
type Next = 'retry' | 'next-url' | 'stop';

interface Attempt {
  url: string;
  error: DatasetError;
  next: Next;
}

function classify(url: string, error: unknown): Attempt {
  if (error instanceof DatasetError) {
    const { code } = error;
    if (code === 'E_NO_SPACE' || code === 'E_FILE_SYSTEM') return { url, error, next: 'stop' };
    const status = (error.details.status as number | undefined) ?? 0;
    const retry =
      code === 'E_NETWORK' ||
      code === 'E_TIMEOUT' ||
      (code === 'E_HTTP' && retryableStatus(status));
    return { url, error, next: retry ? 'retry' : 'next-url' };
  }
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  return {
    url,
    error: new DatasetError(
      'E_NETWORK',
      `${url}: ${(error as Error)?.message ?? String(error)}${cause ? ` (${cause})` : ''}`,
      { url, cause: error },
    ),
    next: 'retry',
  };
}

/** A positive integer from the environment, or an error naming the variable. */
function envTimeout(): number | undefined {
  const raw = globalThis.process?.env?.[DOWNLOAD_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `$${DOWNLOAD_TIMEOUT_ENV} must be a positive number of milliseconds, got "${raw}"`,
      { option: `$${DOWNLOAD_TIMEOUT_ENV}`, value: raw },
    );
  }
  return value;
}

function attemptOptions(opts: DownloadOptions, sha256: string): AttemptOptions {
  const timeout = envTimeout();
  const int = (key: keyof typeof DOWNLOAD_DEFAULTS, value: number | undefined, fallback?: number) =>
    positiveIntegerOption('download', key, value, fallback ?? DOWNLOAD_DEFAULTS[key]);
  return {
    sha256,
    cacheDir: opts.cacheDir,
    bytes:
      opts.bytes === undefined
        ? undefined
        : positiveIntegerOption('download', 'bytes', opts.bytes, 0),
    maxBytes: int('maxBytes', opts.maxBytes),
    connectTimeoutMs: int('connectTimeoutMs', opts.connectTimeoutMs, timeout),
    idleTimeoutMs: int('idleTimeoutMs', opts.idleTimeoutMs, timeout),
    minBytesPerSecond: int('minBytesPerSecond', opts.minBytesPerSecond),
    onProgress: opts.onProgress,
    fetch: opts.fetch ?? globalThis.fetch,
    signal: opts.signal,
  };
}

function checkOptions(opts: DownloadOptions): { sha256: string; retries: number; delay: number } {
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
  const retries = opts.retries ?? DOWNLOAD_DEFAULTS.retries;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `download: retries must be an integer ≥ 0, got ${retries}`,
      { option: 'retries' },
    );
  }
  return { sha256, retries, delay: opts.retryDelayMs ?? DOWNLOAD_DEFAULTS.retryDelayMs };
}

/** Where to look for another copy, in the words of the library and of the CLI. */
const ELSEWHERE = `to fetch it from elsewhere, pass a mirror (option mirror, --mirror URL on the command line, or $${MIRROR_ENV}); or download the file yourself and point --data-dir at its folder`;

function finalError(fileName: string, target: string, attempts: Attempt[]): DatasetError {
  const last = attempts[attempts.length - 1] as Attempt;
  if (last.next === 'stop') return last.error;
  const reasons = new Map<string, number>();
  for (const a of attempts) reasons.set(a.error.message, (reasons.get(a.error.message) ?? 0) + 1);
  const summary = [...reasons].map(([m, n]) => (n > 1 ? `${m} (${n} attempts)` : m)).join('; ');
  return new DatasetError(
    last.error.code,
    `download of ${fileName} failed: ${summary}; ${ELSEWHERE}`,
    {
      ...last.error.details,
      file: target,
      attempts: attempts.length,
      cause: last.error,
    },
  );
}

/**
 * Downloads `url` into `cacheDir` and returns the path of the verified file. A file already in
 * the cache is re-hashed first and used only if its SHA-256 matches (else fetched again); stale
 * temporary files of dead processes are removed first. Each attempt streams into a temporary
 * file next to the target (registered with `@gantry/core/node`'s temp-file registry, so a
 * program's SIGINT/SIGTERM cleanup removes it) while being hashed, bounded by `bytes` (or
 * `maxBytes`), by `connectTimeoutMs` and by the stall check (`idleTimeoutMs`,
 * `minBytesPerSecond`), then flushed, checked and renamed, so the cache never holds a partial
 * or corrupt file under any name. Network errors, timeouts, cut connections and HTTP 5xx are
 * retried with exponential backoff; a 404, a wrong size or a checksum mismatch moves on to the
 * next fallback URL; a full disk (`E_NO_SPACE`) or another file-system error stops at once. The
 * final error names every reason and where else to get the file. The mirror comes from
 * `opts.mirror`, else `$GANTRY_DATA_MIRROR`; timeouts from the options, else
 * `$GANTRY_DOWNLOAD_TIMEOUT_MS`.
 *
 * @example
 * const path = await download(KNOWN_SOURCES.mnist.files[0].url, { sha256: KNOWN_SOURCES.mnist.files[0].sha256, cacheDir: '.cache' });
 */
export async function download(url: string, opts: DownloadOptions): Promise<string> {
  const { sha256, retries, delay } = checkOptions(opts);
  const attempt = attemptOptions(opts, sha256);
  const envMirror = globalThis.process?.env?.[MIRROR_ENV];
  const mirror = opts.mirror ?? (envMirror ? envMirror : undefined);
  const urls =
    mirror === undefined
      ? [url, ...(opts.fallbackUrls ?? [])]
      : [mirrorUrl(url, mirror, opts.mirror === undefined ? `$${MIRROR_ENV}` : 'mirror')];
  const fileName = opts.fileName ?? basename(new URL(url).pathname);
  await mkdir(opts.cacheDir, { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, opts.cacheDir, 'creating the cache folder');
  });
  await removeStaleTempFiles(opts.cacheDir);
  const target = join(opts.cacheDir, fileName);
  if (await exists(target)) {
    if ((await sha256File(target)) === sha256) return target;
    await rm(target, { force: true });
  }
  const attempts: Attempt[] = [];
  const log = opts.onLog ?? (() => {});
  for (const [u, candidate] of urls.entries()) {
    for (let n = 0; n <= retries; n++) {
      if (n > 0) await sleep(delay * 2 ** (n - 1), opts.signal);
      log(`trying ${candidate} (attempt ${n + 1}/${retries + 1})`);
      try {
        await fetchInto(candidate, target, attempt);
        return target;
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        const failure = classify(candidate, error);
        attempts.push(failure);
        const retry = failure.next === 'retry' && n < retries;
        const then = retry
          ? `retrying in ${(delay * 2 ** n) / 1000} s`
          : failure.next !== 'stop' && u < urls.length - 1
            ? 'trying the next URL'
            : 'giving up';
        log(`${failure.error.message}; ${then}`);
        if (failure.next === 'stop') throw finalError(fileName, target, attempts);
        if (!retry) break;
      }
    }
  }
  throw finalError(fileName, target, attempts);
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
