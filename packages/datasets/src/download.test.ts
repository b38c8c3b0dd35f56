import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { entries, serve, tempDir } from './__tests__/fixtures';
import { download, MIRROR_ENV, mirrorUrl } from './download';

const PAYLOAD = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31 + 7) % 256));
const SHA = createHash('sha256').update(PAYLOAD).digest('hex');
const fast = { retries: 2, retryDelayMs: 5 };

let servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  delete process.env[MIRROR_ENV];
});

async function start(handler: Parameters<typeof serve>[0]) {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

/** Sends the payload, or, when `cutAt` is set, that many bytes then a dropped connection. */
function send(res: import('node:http').ServerResponse, body: Buffer, cutAt?: number) {
  res.writeHead(200, {
    'content-length': String(body.length),
    'content-type': 'application/octet-stream',
  });
  if (cutAt === undefined) return void res.end(body);
  res.write(body.subarray(0, cutAt), () => res.socket?.destroy());
}

async function failure(p: Promise<unknown>, code: string, match: RegExp) {
  try {
    await p;
  } catch (e) {
    expect(isGantryError(e, code)).toBe(true);
    expect((e as Error).message).toMatch(match);
    return e as { details: Record<string, unknown> };
  }
  throw new Error('expected a failure');
}

describe('download', () => {
  it('fetches, verifies and renames a good payload, reporting progress; then serves the cache', async () => {
    const server = await start((_req, res) => send(res, PAYLOAD));
    const cacheDir = await tempDir('dl-good');
    const progress: [number, number | undefined][] = [];
    const seen = new Set<string>();
    const path = await download(`${server.url}/files/data.bin`, {
      sha256: SHA.toUpperCase(),
      cacheDir,
      onProgress: (r, t) => {
        progress.push([r, t]);
        // While bytes arrive, only a hidden temporary file exists, never data.bin itself.
        for (const f of readdirSync(cacheDir))
          seen.add(f.startsWith('.data.bin.') && f.endsWith('.tmp') ? 'temp' : f);
      },
    });
    expect([...seen]).toEqual(['temp']);
    expect(path).toBe(join(cacheDir, 'data.bin'));
    expect((await readFile(path)).equals(PAYLOAD)).toBe(true);
    expect(progress[0]).toEqual([0, 200_000]);
    expect(progress.at(-1)).toEqual([200_000, 200_000]);
    expect(await entries(cacheDir)).toEqual(['data.bin']);
    // Cached and intact: no request.
    await download(`${server.url}/files/data.bin`, { sha256: SHA, cacheDir });
    expect(server.paths).toEqual(['/files/data.bin']);
    // Cached but corrupted on disk: re-verified, fetched again.
    await writeFile(path, 'tampered');
    await download(`${server.url}/files/data.bin`, { sha256: SHA, cacheDir, fileName: 'data.bin' });
    expect(server.paths).toHaveLength(2);
    expect((await readFile(path)).equals(PAYLOAD)).toBe(true);
  });

  it('rejects a corrupt payload without leaving any file', async () => {
    const bad = Buffer.from(PAYLOAD);
    bad[1234] = (bad[1234] as number) ^ 1;
    const server = await start((_req, res) => send(res, bad));
    const cacheDir = await tempDir('dl-corrupt');
    const e = await failure(
      download(`${server.url}/data.bin`, { sha256: SHA, cacheDir, ...fast }),
      'E_CHECKSUM',
      new RegExp(`SHA-256 mismatch: expected ${SHA}, got [0-9a-f]{64}`),
    );
    expect(e.details.expected).toBe(SHA);
    expect(server.paths).toHaveLength(1); // a checksum mismatch is not retried on the same URL
    expect(await entries(cacheDir)).toEqual([]);
  });

  it('retries a connection dropped mid-way, and gives up cleanly', async () => {
    const always = await start((_req, res) => send(res, PAYLOAD, 50_000));
    const cacheDir = await tempDir('dl-drop');
    await failure(
      download(`${always.url}/data.bin`, { sha256: SHA, cacheDir, ...fast }),
      'E_NETWORK',
      /data\.bin/,
    );
    expect(always.paths).toHaveLength(3); // 1 + 2 retries
    expect(await entries(cacheDir)).toEqual([]);

    // Dropped, then HTTP 503, then good.
    const flaky = await start((_req, res, hit) => {
      if (hit === 1) send(res, PAYLOAD, 50_000);
      else if (hit === 2) res.writeHead(503).end();
      else send(res, PAYLOAD);
    });
    const path = await download(`${flaky.url}/data.bin`, { sha256: SHA, cacheDir, ...fast });
    expect(flaky.paths).toHaveLength(3);
    expect((await readFile(path)).equals(PAYLOAD)).toBe(true);
    expect(await entries(cacheDir)).toEqual(['data.bin']);
  });

  it('does not retry a 404 but tries the fallback URL', async () => {
    const missing = await start((_req, res) => {
      res.writeHead(404, 'Not Found');
      res.end('no');
    });
    const cacheDir = await tempDir('dl-404');
    const e = await failure(
      download(`${missing.url}/gone.bin`, { sha256: SHA, cacheDir, ...fast }),
      'E_HTTP',
      /gone\.bin: HTTP 404 Not Found/,
    );
    expect(e.details.status).toBe(404);
    expect(missing.paths).toHaveLength(1);
    expect(await entries(cacheDir)).toEqual([]);
    const good = await start((_req, res) => send(res, PAYLOAD));
    const path = await download(`${missing.url}/gone.bin`, {
      sha256: SHA,
      cacheDir,
      fallbackUrls: [`${good.url}/elsewhere/gone.bin`],
      ...fast,
    });
    expect(good.paths).toEqual(['/elsewhere/gone.bin']);
    expect(path).toBe(join(cacheDir, 'gone.bin'));
  });

  it('replaces the origin with a mirror from the environment, the option winning', async () => {
    const env = await start((_req, res) => send(res, PAYLOAD));
    const opt = await start((_req, res) => send(res, PAYLOAD));
    const cacheDir = await tempDir('dl-mirror');
    process.env[MIRROR_ENV] = `${env.url}/base/`;
    await download('https://unreachable.invalid/datasets/x.bin?v=1', {
      sha256: SHA,
      cacheDir,
      ...fast,
    });
    expect(env.paths).toEqual(['/base/datasets/x.bin?v=1']);
    await download('https://unreachable.invalid/datasets/y.bin', {
      sha256: SHA,
      cacheDir,
      mirror: opt.url,
      ...fast,
    });
    expect(opt.paths).toEqual(['/datasets/y.bin']);
    expect(env.paths).toHaveLength(1);
    expect(mirrorUrl('https://h/a/b.gz', 'http://m:1/x')).toBe('http://m:1/x/a/b.gz');
    process.env[MIRROR_ENV] = 'ftp://nope';
    await failure(
      download('https://h/z.bin', { sha256: SHA, cacheDir }),
      'E_INVALID_ARGUMENT',
      /\$GANTRY_DATA_MIRROR: "ftp:\/\/nope" is not an http\(s\) base URL/,
    );
    expect((await entries(cacheDir)).sort()).toEqual(['x.bin', 'y.bin']);
  });

  it('checks its options', async () => {
    const cacheDir = await tempDir('dl-opts');
    await failure(
      download('http://127.0.0.1:9/a', { sha256: 'abc', cacheDir }),
      'E_INVALID_ARGUMENT',
      /sha256 must be 64 hex digits/,
    );
    await failure(
      download('http://127.0.0.1:9/a', { sha256: SHA, cacheDir, retries: -1 }),
      'E_INVALID_ARGUMENT',
      /retries must be an integer ≥ 0/,
    );
    // A port that was just closed: connection refused, retried, then reported.
    const gone = await serve(() => {});
    await gone.close();
    const e = await failure(
      download(`${gone.url}/a`, { sha256: SHA, cacheDir, ...fast }),
      'E_NETWORK',
      /download of a failed: .*127\.0\.0\.1:\d+\/a: fetch failed/,
    );
    expect(e.details.attempts).toBe(3);
    expect(await entries(cacheDir)).toEqual([]);
  });
});
