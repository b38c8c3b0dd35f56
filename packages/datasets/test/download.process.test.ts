import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '../fuzz/bundle';
import { entries, serve, tempDir } from '../src/__tests__/fixtures';
import { download } from '../src/download';

const PAYLOAD = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 13 + 5) % 256));
const SHA = createHash('sha256').update(PAYLOAD).digest('hex');

let child = '';
let server: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  child = (
    await bundleForNode({ downloadChild: new URL('./downloadChild.ts', import.meta.url).pathname })
  ).downloadChild as string;
  // /slow: 1 KiB every 50 ms (stays in flight for seconds); anything else: the whole payload.
  server = await serve((req, res) => {
    res.writeHead(200, { 'content-length': String(PAYLOAD.length) });
    if (req.url !== '/slow/data.bin') return void res.end(PAYLOAD);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(PAYLOAD.subarray(at, (at += 1024)));
    }, 50);
    res.on('close', () => clearInterval(timer));
  });
});
afterAll(() => server.close());

function run(args: Record<string, unknown>, wrap: string[] = []): ChildProcess {
  const argv = [
    ...wrap,
    process.execPath,
    child,
    JSON.stringify({ sha256: SHA, retries: 0, ...args }),
  ];
  return spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
}

function exit(p: ChildProcess): Promise<{ signal: string | null; lines: string[] }> {
  let out = '';
  p.stdout?.on('data', (d) => (out += d));
  return new Promise((resolve) =>
    p.once('exit', (_code, signal) => resolve({ signal, lines: out.trim().split('\n') })),
  );
}

/** Waits (bounded: 10 s) until the cache folder holds a temporary file. */
async function tempAppears(dir: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const t = (await readdir(dir).catch(() => [])).find((f) => f.endsWith('.tmp'));
    if (t) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no temporary file appeared in ${dir}`);
}

describe('download in a process that is interrupted', () => {
  it('removes its temporary file on SIGINT and SIGTERM, and dies of the signal', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const cacheDir = await tempDir(`dl-${signal}`);
      const p = run({ url: `${server.url}/slow/data.bin`, cacheDir });
      const done = exit(p);
      await tempAppears(cacheDir);
      p.kill(signal);
      const { signal: killedBy } = await done;
      expect(killedBy).toBe(signal);
      expect(await entries(cacheDir)).toEqual([]);
    }
  });

  it('after a SIGKILL, the next download removes the dead process’s temporary file', async () => {
    const cacheDir = await tempDir('dl-SIGKILL');
    const p = run({ url: `${server.url}/slow/data.bin`, cacheDir });
    const done = exit(p);
    const stale = await tempAppears(cacheDir);
    p.kill('SIGKILL');
    await done;
    expect(await entries(cacheDir)).toEqual([stale]);
    await download(`${server.url}/data.bin`, { sha256: SHA, cacheDir });
    expect(await entries(cacheDir)).toEqual(['data.bin']);
  });

  it('reports a full disk as E_NO_SPACE naming the file, once, leaving nothing', async () => {
    // A 64 KiB tmpfs over the cache folder, in a private mount namespace of the child only.
    expect(spawnSync('unshare', ['-rm', 'true']).status, 'unshare -rm must work here').toBe(0);
    const cacheDir = await tempDir('dl-ENOSPC');
    const before = server.paths.length;
    const mount = [
      'unshare',
      '-rm',
      'sh',
      '-c',
      'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"',
      cacheDir,
    ];
    const { lines } = await exit(
      run({ url: `${server.url}/full/data.bin`, cacheDir, retries: 3, retryDelayMs: 10 }, mount),
    );
    const result = JSON.parse(lines.at(-1) as string);
    expect(result.code).toBe('E_NO_SPACE');
    expect(result.message).toMatch(
      new RegExp(
        `^${join(cacheDir, '.data.bin.')}\\d+\\.\\d+\\.tmp: no space left on the device while writing the download \\(ENOSPC\\)`,
      ),
    );
    expect(result.entries).toEqual([]);
    expect(server.paths.length - before).toBe(1); // not retried
  });
});
