import { createHash } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { fsyncDir, registerTempFile, releaseTempFile, tempPathFor } from '@gantry/core/node';
import { fileSystemError, writeAll } from './_files';
import { DatasetError } from './errors';

/** Everything one attempt needs, every default already applied. */
export interface AttemptOptions {
  sha256: string;
  cacheDir: string;
  /** Exact expected size, when known. */
  bytes: number | undefined;
  /** Cap on the body when `bytes` is unknown. */
  maxBytes: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  minBytesPerSecond: number;
  onProgress: ((received: number, total: number | undefined) => void) | undefined;
  fetch: typeof fetch;
  signal: AbortSignal | undefined;
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** Runs a file-system step; its errno error becomes a typed error naming `path`. */
async function fsStep<T>(path: string, action: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw fileSystemError(error, path, action);
  }
}

/**
 * Aborts `controller` when, over any window of `idleTimeoutMs`, fewer bytes arrive than
 * minBytesPerSecond·idleTimeoutMs/1000 (at least 1, at most what is left of the file): a
 * silent connection and a trickle both end. Checked every quarter window.
 */
function stallWatchdog(
  controller: AbortController,
  url: string,
  opts: AttemptOptions & { total: number | undefined },
) {
  const window = opts.idleTimeoutMs;
  const samples = [0];
  let received = 0;
  const timer = setInterval(
    () => {
      samples.push(received);
      if (samples.length > 5) samples.shift();
      if (samples.length < 5) return;
      const inWindow = received - (samples[0] as number);
      const left = opts.total === undefined ? Number.POSITIVE_INFINITY : opts.total - received;
      const need = Math.max(1, Math.min((opts.minBytesPerSecond * window) / 1000, left));
      if (inWindow >= need) return;
      controller.abort(
        new DatasetError(
          'E_TIMEOUT',
          `${url}: stalled: ${inWindow} bytes in the last ${seconds(window)} after ${received}${opts.total === undefined ? '' : ` of ${opts.total}`} bytes (idle timeout: at least ${Math.ceil(need)} bytes per ${seconds(window)} expected)`,
          { url, offset: received, timeoutMs: window },
        ),
      );
    },
    Math.max(1, Math.floor(window / 4)),
  );
  return {
    progress: (n: number) => void (received = n),
    stop: () => clearInterval(timer),
  };
}

/** Checks status and announced size before any byte of the body is read. */
function checkResponse(response: Response, url: string, bytes: number | undefined) {
  if (!response.ok || response.body === null) {
    throw new DatasetError('E_HTTP', `${url}: HTTP ${response.status} ${response.statusText}`, {
      url,
      status: response.status,
    });
  }
  const encoding = response.headers.get('content-encoding');
  const encoded = encoding !== null && encoding.toLowerCase() !== 'identity' ? encoding : undefined;
  const header = response.headers.get('content-length');
  const length = header === null || encoded ? undefined : Number(header);
  if (bytes !== undefined && length !== undefined && length !== bytes) {
    throw new DatasetError(
      length > bytes ? 'E_OVERSIZED' : 'E_TRUNCATED',
      `${url}: the server announces ${length} bytes (Content-Length), the file has ${bytes}: not the expected file`,
      { url, expected: bytes, actual: length },
    );
  }
  return { encoded, total: bytes ?? length };
}

function tooLong(url: string, limit: number, received: number, encoded: string | undefined) {
  return new DatasetError(
    'E_OVERSIZED',
    encoded
      ? `${url}: the response is sent with Content-Encoding: ${encoded} and decodes to more than the expected ${limit} bytes; cut at ${received} bytes`
      : `${url}: the response is longer than the expected ${limit} bytes; cut at ${received} bytes`,
    { url, expected: limit, offset: received, encoding: encoded },
  );
}

/** Streams the body into `handle` while hashing it, within size and speed bounds. */
async function streamBody(
  response: Response,
  handle: FileHandle,
  ctx: { url: string; temp: string; controller: AbortController; opts: AttemptOptions },
): Promise<{ received: number; digest: string }> {
  const { url, temp, controller, opts } = ctx;
  let checked: ReturnType<typeof checkResponse>;
  try {
    checked = checkResponse(response, url, opts.bytes);
  } catch (error) {
    await response.body?.cancel().catch(() => {}); // free the connection
    throw error;
  }
  const { encoded, total } = checked;
  const limit = opts.bytes ?? total ?? opts.maxBytes;
  const hash = createHash('sha256');
  const watchdog = stallWatchdog(controller, url, { ...opts, total });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let received = 0;
  opts.onProgress?.(0, total);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.byteLength > limit) {
        throw tooLong(url, limit, received + value.byteLength, encoded);
      }
      hash.update(value);
      await fsStep(temp, 'writing the download', () => writeAll(handle, value));
      received += value.byteLength;
      watchdog.progress(received);
      opts.onProgress?.(received, total);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    watchdog.stop();
  }
  if (total !== undefined && received !== total) {
    throw new DatasetError(
      'E_NETWORK',
      `${url}: connection closed after ${received} of ${total} bytes`,
      { url, offset: received, expected: total },
    );
  }
  return { received, digest: hash.digest('hex') };
}

/** Follows the caller's signal; returns the function that stops following it. */
function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (signal === undefined) return () => {};
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * One download attempt: `url` streams into a registered temporary file next to `target`
 * (created exclusively), hashed as it comes, flushed, checked against the SHA-256 and renamed.
 * The response headers must come within `connectTimeoutMs`, the body must keep moving (see
 * the stall watchdog), and it may not exceed the expected size. Whatever fails, the temporary
 * file is removed; file-system failures are typed (`E_NO_SPACE`, `E_FILE_SYSTEM`).
 */
export async function fetchInto(url: string, target: string, opts: AttemptOptions): Promise<void> {
  const temp = tempPathFor(target);
  const controller = new AbortController();
  const unfollow = follow(opts.signal, controller);
  const handle = await fsStep(temp, 'creating the download file', () => open(temp, 'wx'));
  registerTempFile(temp);
  let closed = false;
  try {
    const connect = setTimeout(() => {
      const why = `no response within ${seconds(opts.connectTimeoutMs)} (connect timeout)`;
      controller.abort(
        new DatasetError('E_TIMEOUT', `${url}: ${why}`, {
          url,
          timeoutMs: opts.connectTimeoutMs,
        }),
      );
    }, opts.connectTimeoutMs);
    let response: Response;
    try {
      response = await opts.fetch(url, {
        signal: controller.signal,
        redirect: 'follow',
        headers: { 'accept-encoding': 'identity' },
      });
    } finally {
      clearTimeout(connect);
    }
    const { received, digest } = await streamBody(response, handle, {
      url,
      temp,
      controller,
      opts,
    });
    await fsStep(temp, 'flushing the download', () => handle.sync());
    await handle.close();
    closed = true;
    if (digest !== opts.sha256) {
      throw new DatasetError(
        'E_CHECKSUM',
        `${url}: SHA-256 mismatch: expected ${opts.sha256}, got ${digest} (${received} bytes)`,
        { url, expected: opts.sha256, actual: digest, bytes: received },
      );
    }
    await fsStep(target, 'renaming the download into place', () => rename(temp, target));
    await fsyncDir(opts.cacheDir);
  } catch (error) {
    if (!closed) await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw controller.signal.aborted && !opts.signal?.aborted ? controller.signal.reason : error;
  } finally {
    releaseTempFile(temp);
    unfollow();
  }
}
