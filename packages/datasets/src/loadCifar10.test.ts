import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeCifarBatches } from './__tests__/fixtures';
import { CIFAR10_FOLDER, loadCifar10 } from './loadCifar10';

describe('loadCifar10', () => {
  it('reads the five training batches in order and the test batch, NHWC', async () => {
    const root = await tempDir('cifar');
    const dir = join(root, CIFAR10_FOLDER);
    await mkdir(dir);
    await writeCifarBatches(dir, 3);
    // Either the batch folder or the folder that holds it.
    for (const d of [dir, root]) {
      const { train, test, classNames } = await loadCifar10({ dir: d });
      expect([train.count, train.height, train.width, train.channels]).toEqual([15, 32, 32, 3]);
      expect(test.count).toBe(3);
      expect(Array.from(train.labels ?? []).slice(0, 6)).toEqual([0, 1, 2, 1, 2, 3]);
      // image 4 = batch 1 record 1: pixel (y=0, x=0) = (40 + 1 + c).
      const at = 4 * 32 * 32 * 3;
      expect(Array.from(train.images.subarray(at, at + 3))).toEqual([41, 42, 43]);
      expect(test.images[0]).toBe(200);
      expect(classNames[0]).toBe('airplane');
      expect(train.name).toBe('cifar10/train');
    }
  });

  it('names missing batch files', async () => {
    const dir = await tempDir('cifar-missing');
    await writeCifarBatches(dir, 1);
    await writeFile(join(dir, 'data_batch_3.bin'), new Uint8Array(10));
    await expect(loadCifar10({ dir })).rejects.toThrow(
      /data_batch_3\.bin: truncated record at byte offset 0/,
    );
    const empty = await tempDir('cifar-empty');
    await expect(loadCifar10({ dir: empty })).rejects.toThrow(
      /missing CIFAR-10 batch files data_batch_1\.bin, .*test_batch\.bin/,
    );
  });

  it('refuses a FIFO batch at once and bounds the file size', async () => {
    const dir = await tempDir('cifar-fifo');
    await writeCifarBatches(dir, 1);
    await expect(loadCifar10({ dir, maxFileBytes: 3072 })).rejects.toThrow(
      /data_batch_1\.bin: 3073 bytes, more than the 3072 allowed \(option maxFileBytes\)/,
    );
    await rm(join(dir, 'test_batch.bin'));
    expect(spawnSync('mkfifo', [join(dir, 'test_batch.bin')]).status).toBe(0);
    await expect(loadCifar10({ dir })).rejects.toThrow(
      /test_batch\.bin: a FIFO \(named pipe\), not a regular CIFAR-10 batch file: refused/,
    );
  });
});
