import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  entries,
  serve,
  tempDir,
  upstreamFashionGzip,
  writeCifarBatches,
} from './__tests__/fixtures';
import { downloadDataset } from './downloadDataset';
import { KNOWN_SOURCES } from './knownSources';
import { loadCifar10 } from './loadCifar10';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist } from './loadMnist';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('downloadDataset', () => {
  it('downloads Fashion-MNIST from a mirror, verified against the published SHA-256', async () => {
    // The mirror serves Zalando's original files, rebuilt byte for byte from Debian's copy.
    const files = new Map<string, Buffer>();
    for (const f of KNOWN_SOURCES['fashion-mnist'].files) {
      const debian = await readFile(join(DEBIAN_FASHION_MNIST_DIR, f.name));
      const upstream = Buffer.from(upstreamFashionGzip(debian, f.name));
      expect(upstream.length).toBe(f.bytes);
      expect(createHash('sha256').update(upstream).digest('hex')).toBe(f.sha256);
      files.set(`/${f.name}`, upstream);
    }
    const server = await serve((req, res) => {
      const body = files.get(req.url ?? '');
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    });
    close = server.close;
    const cacheDir = await tempDir('dd-fashion');
    const last = new Map<string, number>();
    const dir = await downloadDataset('fashion-mnist', {
      cacheDir,
      mirror: server.url,
      onProgress: (file, received) => last.set(file, received),
    });
    expect(dir).toBe(join(cacheDir, 'fashion-mnist'));
    expect(last.get('train-images-idx3-ubyte.gz')).toBe(26421880);
    expect(await entries(dir)).toEqual(
      KNOWN_SOURCES['fashion-mnist'].files.map((f) => f.name).sort(),
    );
    const { test } = await loadFashionMnist({ dir });
    expect(test.count).toBe(10000);
    // Second call: every file re-verified from the cache, nothing fetched.
    await downloadDataset('fashion-mnist', { cacheDir, mirror: server.url });
    expect(server.paths).toHaveLength(4);
  });

  it('extracts the CIFAR-10 batches from a verified tar.gz', async () => {
    const root = await tempDir('dd-cifar');
    const src = join(root, 'src', 'cifar-10-batches-bin');
    await mkdir(src, { recursive: true });
    await writeCifarBatches(src, 2);
    const tarball = execFileSync('tar', [
      '-czf',
      '-',
      '-C',
      join(root, 'src'),
      'cifar-10-batches-bin',
    ]);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(tarball.length) });
      res.end(tarball);
    });
    close = server.close;
    const source = {
      ...KNOWN_SOURCES.cifar10,
      files: [
        {
          name: 'cifar-10-binary.tar.gz',
          url: 'https://example.invalid/~kriz/cifar-10-binary.tar.gz',
          sha256: createHash('sha256').update(tarball).digest('hex'),
        },
      ],
    };
    const cacheDir = join(root, 'cache');
    const dir = await downloadDataset('cifar10', { cacheDir, mirror: server.url, source });
    expect(server.paths).toEqual(['/~kriz/cifar-10-binary.tar.gz']);
    expect(dir).toBe(join(cacheDir, 'cifar10', 'cifar-10-batches-bin'));
    const { train, test } = await loadCifar10({ dir });
    expect([train.count, test.count]).toEqual([10, 2]);
    expect(await downloadDataset('cifar10', { cacheDir, mirror: server.url, source })).toBe(dir);
    expect(server.paths).toHaveLength(1);
  });

  it('lists MNIST with a working mirror and every checksum as 64 hex digits', () => {
    for (const [name, s] of Object.entries(KNOWN_SOURCES)) {
      expect(s.files.length, name).toBeGreaterThan(0);
      for (const f of s.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(KNOWN_SOURCES.mnist.files[0]?.url).toBe(
      'https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz',
    );
    expect(KNOWN_SOURCES.mnist.files[0]?.mirrors).toContain(
      'https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz',
    );
  });

  it('rejects an unknown name, listing the known ones', async () => {
    await expect(
      downloadDataset('svhn' as 'mnist', { cacheDir: await tempDir('dd-x') }),
    ).rejects.toThrow(
      'downloadDataset: unknown dataset "svhn"; known: mnist, fashion-mnist, cifar10',
    );
  });
});
