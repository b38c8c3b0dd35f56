// Helpers shared by the tests (not part of the package's entries).
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10_FILES } from '../loadCifar10';

/** A fresh temporary folder. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gantry-datasets-${prefix}-`));
}

/** Every entry of a folder, hidden ones included, sorted. */
export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** One CIFAR-10 record: the label byte, then the red, green and blue planes from rgb(y, x, c). */
export function cifarRecord(
  label: number,
  rgb: (y: number, x: number, c: number) => number,
): number[] {
  const out = [label];
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out.push(rgb(y, x, c) & 255);
  }
  return out;
}

/** A local HTTP server on 127.0.0.1 with a per-request handler; records request paths. */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void,
): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    handler(req, res, paths.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Fashion-MNIST as Zalando published it, rebuilt from Debian's copy: Debian's
 * strip-nondeterminism removed the gzip header's file name and set its mtime; the deflate
 * stream is untouched. Putting back FLG.FNAME, the original mtime and the name gives the
 * published bytes (their MD5s are in Zalando's README, their SHA-256s in TFDS).
 */
export function upstreamFashionGzip(debian: Uint8Array, name: string): Uint8Array {
  const mtime = name.startsWith('train') ? 1504176606 : 1504176627; // 2017-08-31
  const stem = new TextEncoder().encode(`${name.replace(/\.gz$/, '')}\0`);
  const head = new Uint8Array(10);
  head.set([0x1f, 0x8b, 0x08, 0x08]);
  new DataView(head.buffer).setUint32(4, mtime, true);
  head[8] = debian[8] as number;
  head[9] = debian[9] as number;
  const out = new Uint8Array(10 + stem.length + debian.length - 10);
  out.set(head, 0);
  out.set(stem, 10);
  out.set(debian.subarray(10), 10 + stem.length);
  return out;
}

/** Writes the six CIFAR-10 batch files, batch b holding `perBatch` records with label (b + i) % 10. */
export async function writeCifarBatches(dir: string, perBatch: number): Promise<void> {
  const files = [...CIFAR10_FILES.train, CIFAR10_FILES.test];
  for (const [b, f] of files.entries()) {
    const records: number[] = [];
    for (let i = 0; i < perBatch; i++) {
      records.push(...cifarRecord((b + i) % 10, (y, x, c) => b * 40 + i + c + y + x));
    }
    await writeFile(join(dir, f), new Uint8Array(records));
  }
}
