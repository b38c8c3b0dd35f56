import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './__tests__/runCli';

/** A TCP server on loopback that accepts connections and never sends a byte. */
const sockets: Socket[] = [];
const server = createServer((socket) => void sockets.push(socket));
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** Every file under `dir`, as paths relative to it. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('gantry data download against a server that never answers', () => {
  it('gives up by itself, one line per attempt, naming where else to get the data', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'gantry-dl-'));
    const started = Date.now();
    const r = await cli(
      'data',
      'download',
      'mnist',
      '--mirror',
      url,
      '--timeout',
      '0.3',
      '--retries',
      '1',
      '--cache-dir',
      cache,
    );
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(r.code).toBe(1);
    const file = `${url}/mnist/train-images-idx3-ubyte.gz`;
    const lines = r.err.split('\n');
    expect(lines).toContain(`trying ${file} (attempt 1/2)`);
    expect(lines).toContain(`trying ${file} (attempt 2/2)`);
    expect(r.err).toMatch(/no response within 0\.3 s \(connect timeout\)/);
    expect(r.err).toMatch(/error \[E_TIMEOUT\]: .*--mirror URL.*\$GANTRY_DATA_MIRROR.*--data-dir/s);
    expect(r.out).toBe('');
    expect(await files(cache)).toEqual([]); // nothing partial in the cache
  });

  it('refuses a timeout or a retry count out of range, naming the flag', async () => {
    for (const [flag, value, pattern] of [
      ['--timeout', '0', /--timeout must be between 0.001 and 3600, got 0/],
      ['--timeout', 'soon', /--timeout expects a number, got "soon"/],
      ['--retries', '100', /--retries must be between 0 and 10, got 100/],
    ] as const) {
      const r = await cli('data', 'download', 'mnist', flag, value, '--mirror', url);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
    }
  });
});
