import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { entries, tempDir } from './__tests__/fixtures';
import { extractTarGz } from './_tar';

const LONG = `${'deep-folder-name/'.repeat(8)}data_batch_1.bin`; // > 100 characters

/** A tree with a 152-character path, a big file (> 512 bytes, not a block multiple) and an empty file. */
async function makeTree(root: string) {
  await mkdir(join(root, 'cifar-10-batches-bin'), { recursive: true });
  await mkdir(join(root, LONG.slice(0, LONG.lastIndexOf('/'))), { recursive: true });
  const big = Buffer.from(Array.from({ length: 70_001 }, (_, i) => (i * 13) % 251));
  await writeFile(join(root, 'cifar-10-batches-bin', 'test_batch.bin'), big);
  await writeFile(join(root, 'cifar-10-batches-bin', 'readme.html'), '<p>skip me</p>');
  await writeFile(join(root, 'cifar-10-batches-bin', 'empty.bin'), '');
  await writeFile(join(root, LONG), 'long name payload');
  return big;
}

describe('extractTarGz', () => {
  it.each(['ustar', 'gnu', 'pax'])(
    'extracts the selected files of a %s archive made by GNU tar',
    async (format) => {
      const root = await tempDir(`tar-${format}`);
      const big = await makeTree(join(root, 'src'));
      const archive = join(root, 'a.tar.gz');
      const members = ['cifar-10-batches-bin', LONG.split('/')[0] as string];
      execFileSync('tar', [
        '-czf',
        archive,
        `--format=${format}`,
        '-C',
        join(root, 'src'),
        ...members,
      ]);
      const out = join(root, 'out');
      await mkdir(out);
      const seen: string[] = [];
      const written = await extractTarGz(archive, out, (path) => {
        seen.push(path);
        return /(test_batch|data_batch_1|empty)\.bin$/.test(path)
          ? (path.split('/').pop() as string)
          : null;
      });
      expect(seen).toContain('cifar-10-batches-bin/readme.html');
      expect(seen).toContain(LONG); // ustar: prefix + name; gnu: a ././@LongLink entry; pax: path=
      expect(written.sort()).toEqual(['data_batch_1.bin', 'empty.bin', 'test_batch.bin']);
      expect((await readFile(join(out, 'test_batch.bin'))).equals(big)).toBe(true);
      expect((await readFile(join(out, 'empty.bin'))).length).toBe(0);
      expect(await readFile(join(out, 'data_batch_1.bin'), 'utf8')).toBe('long name payload');
      expect(await entries(out)).toEqual(written.sort());
    },
  );

  it('names the archive and the offset of a truncated or corrupt archive', async () => {
    const root = await tempDir('tar-bad');
    await makeTree(join(root, 'src'));
    const plain = execFileSync('tar', [
      '-cf',
      '-',
      '--format=ustar',
      '-C',
      join(root, 'src'),
      'cifar-10-batches-bin',
    ]);
    const out = join(root, 'out');
    await mkdir(out);
    const keepAll = (p: string) => p.split('/').pop() as string;
    // Cut inside the big file's data (its header is at 0 or later; 40,000 is inside the data).
    const cut = join(root, 'cut.tar.gz');
    await writeFile(cut, gzipSync(plain.subarray(0, 40_000)));
    try {
      await extractTarGz(cut, out, keepAll);
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_TRUNCATED')).toBe(true);
      expect((e as Error).message).toMatch(
        /cut\.tar\.gz: truncated at byte offset 40000: entry .* declares \d+ bytes/,
      );
    }
    const damaged = Buffer.from(plain);
    damaged[0] = (damaged[0] as number) ^ 0x20; // first header's name: checksum no longer matches
    const bad = join(root, 'bad.tar.gz');
    await writeFile(bad, gzipSync(damaged));
    await expect(extractTarGz(bad, out, keepAll)).rejects.toThrow(
      /bad\.tar\.gz: bad tar header checksum at byte offset 0/,
    );
    const gz = gzipSync(plain);
    const cutGz = join(root, 'cut-gz.tar.gz');
    await writeFile(cutGz, gz.subarray(0, gz.length >> 1));
    await expect(extractTarGz(cutGz, out, keepAll)).rejects.toThrow(
      /cut-gz\.tar\.gz: the gzip stream ends early/,
    );
    // No temporary file is left behind by the failures.
    expect((await entries(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
