import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { expectFailure as failure } from './__tests__/expectFailure';
import { entries, serve, tempDir } from './__tests__/fixtures';
import { DOWNLOAD_TIMEOUT_ENV, download } from './download';

const PAYLOAD = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 17 + 3) % 256));
const SHA = createHash('sha256').update(PAYLOAD).digest('hex');
const quick = { sha256: SHA, bytes: PAYLOAD.length, retries: 1, retryDelayMs: 10 };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  delete process.env[DOWNLOAD_TIMEOUT_ENV];
});

async function http(handler: Parameters<typeof serve>[0]) {
  const s = await serve(handler);
  closers.push(s.close);
  return s;
}

/** A TCP server on loopback that accepts connections and never sends a byte. */
async function silent(): Promise<{ url: string; connections: () => number }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => sockets.length };
}

/** Sends `n` bytes of the payload every `ms`, for ever (until the client goes). */
function trickle(res: ServerResponse, n: number, ms: number) {
  res.writeHead(200, { 'content-length': String(PAYLOAD.length) });
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed || at >= PAYLOAD.length) return clearInterval(timer);
    res.write(PAYLOAD.subarray(at, at + n));
    at += n;
  }, ms);
  res.on('close', () => clearInterval(timer));
}

describe('download against hostile servers', () => {
  it('gives up on a server that accepts and never answers, saying where else to look', async () => {
    const server = await silent();
    const cacheDir = await tempDir('dl-silent');
    const log: string[] = [];
    const started = Date.now();
    const e = await failure(
      download(`${server.url}/train.gz`, {
        ...quick,
        cacheDir,
        connectTimeoutMs: 300,
        onLog: (l) => log.push(l),
      }),
      'E_TIMEOUT',
      /download of train\.gz failed: .*train\.gz: no response within 0\.3 s \(connect timeout\) \(2 attempts\)/,
    );
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(e.message).toMatch(/--mirror URL.*\$GANTRY_DATA_MIRROR.*--data-dir/);
    expect(log).toEqual([
      `trying ${server.url}/train.gz (attempt 1/2)`,
      `${server.url}/train.gz: no response within 0.3 s (connect timeout); retrying in 0.01 s`,
      `trying ${server.url}/train.gz (attempt 2/2)`,
      `${server.url}/train.gz: no response within 0.3 s (connect timeout); giving up`,
    ]);
    expect(server.connections()).toBeGreaterThan(0); // undici also opens spare connections
    expect(await entries(cacheDir)).toEqual([]);
    // The environment variable sets both timeouts; a bad value is named.
    process.env[DOWNLOAD_TIMEOUT_ENV] = '200';
    await failure(
      download(`${server.url}/a`, { ...quick, cacheDir, retries: 0 }),
      'E_TIMEOUT',
      /within 0\.2 s/,
    );
    process.env[DOWNLOAD_TIMEOUT_ENV] = 'soon';
    await failure(
      download(`${server.url}/a`, { ...quick, cacheDir }),
      'E_INVALID_ARGUMENT',
      /\$GANTRY_DOWNLOAD_TIMEOUT_MS must be a positive number of milliseconds, got "soon"/,
    );
    expect(await entries(cacheDir)).toEqual([]);
  });

  it('ends a trickle and a stalled body by the idle timeout, leaving nothing', async () => {
    const slow = await http((_req, res) => trickle(res, 10, 20)); // 500 bytes/s
    const cacheDir = await tempDir('dl-trickle');
    await failure(
      download(`${slow.url}/t.bin`, { ...quick, cacheDir, idleTimeoutMs: 400 }),
      'E_TIMEOUT',
      /t\.bin: stalled: \d+ bytes in the last 0\.4 s after \d+ of 200000 bytes \(idle timeout: at least 410 bytes per 0\.4 s expected\)/,
    );
    expect(slow.paths).toHaveLength(2);
    const stalled = await http((_req, res) => {
      res.writeHead(200, { 'content-length': String(PAYLOAD.length) });
      res.write(PAYLOAD.subarray(0, 5000));
    });
    await failure(
      download(`${stalled.url}/s.bin`, { ...quick, cacheDir, idleTimeoutMs: 300, retries: 0 }),
      'E_TIMEOUT',
      /s\.bin: stalled: 0 bytes in the last 0\.3 s after 5000 of 200000 bytes/,
    );
    expect(await entries(cacheDir)).toEqual([]);
    // A slow but steady body within the bounds is fine.
    const steady = await http((_req, res) => trickle(res, 20_000, 10));
    await download(`${steady.url}/ok.bin`, { ...quick, cacheDir, idleTimeoutMs: 2000 });
    expect(await entries(cacheDir)).toEqual(['ok.bin']);
  });

  it('enforces the expected size: a longer body is cut, a wrong Content-Length fails at once', async () => {
    const cacheDir = await tempDir('dl-size');
    const chunked = await http((_req, res) => {
      res.writeHead(200); // no Content-Length: chunked, and too long
      res.write(PAYLOAD);
      res.end(PAYLOAD);
    });
    await failure(
      download(`${chunked.url}/big.bin`, { ...quick, cacheDir }),
      'E_OVERSIZED',
      /big\.bin: the response is longer than the expected 200000 bytes; cut at \d+ bytes/,
    );
    expect(chunked.paths).toHaveLength(1); // the content is wrong: not retried
    const announced = await http((_req, res) => {
      res.writeHead(200, { 'content-length': '150000' });
      res.end(PAYLOAD.subarray(0, 150_000));
    });
    await failure(
      download(`${announced.url}/small.bin`, { ...quick, cacheDir }),
      'E_TRUNCATED',
      /small\.bin: the server announces 150000 bytes \(Content-Length\), the file has 200000: not the expected file/,
    );
    expect(announced.paths).toHaveLength(1);
    expect(await entries(cacheDir)).toEqual([]);
  });

  it('bounds a Content-Encoding: gzip body by the expected size and does not retry it', async () => {
    const cacheDir = await tempDir('dl-gzip');
    const bomb = gzipSync(Buffer.alloc(32 << 20)); // 32 MiB of zeros in ~32 KB
    const evil = await http((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    const e = await failure(
      download(`${evil.url}/labels.gz`, { ...quick, cacheDir }),
      'E_OVERSIZED',
      /labels\.gz: the response is sent with Content-Encoding: gzip and decodes to more than the expected 200000 bytes; cut at \d+ bytes/,
    );
    // Stopped within one decoded chunk past the expected size, not after 32 MiB.
    expect(e.details.offset as number).toBeLessThan(200_000 + (1 << 20));
    expect(evil.paths).toHaveLength(1);
    // A server that encodes the right bytes is fine: they are checked decoded.
    const honest = await http((req, res) => {
      expect(req.headers['accept-encoding']).toBe('identity');
      const body = gzipSync(PAYLOAD);
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    });
    await download(`${honest.url}/labels.gz`, { ...quick, cacheDir });
    expect(await entries(cacheDir)).toEqual(['labels.gz']);
  });
});
