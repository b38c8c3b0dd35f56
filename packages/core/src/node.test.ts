import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWriteFile, fsyncDir } from './node';

describe('atomicWriteFile', () => {
  it('replaces a file in one step and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-atomic-'));
    const path = join(dir, 'state.json');
    await writeFile(path, 'old');
    await atomicWriteFile(path, '{"new":true}');
    expect(await readFile(path, 'utf8')).toBe('{"new":true}');
    await atomicWriteFile(join(dir, 'bytes.bin'), new Uint8Array([1, 2, 3]));
    expect([...(await readFile(join(dir, 'bytes.bin')))]).toEqual([1, 2, 3]);
    await fsyncDir(dir);
    expect((await readdir(dir)).sort()).toEqual(['bytes.bin', 'state.json']);
  });

  it('keeps the old file when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-atomic-'));
    const path = join(dir, 'keep.txt');
    await writeFile(path, 'good');
    // A non-serialisable payload makes writeFile throw after the temp file was opened.
    await expect(atomicWriteFile(path, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('good');
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });
});
