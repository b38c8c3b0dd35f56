import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure as failure } from './__tests__/expectFailure';
import { grayPng, ihdr, pngChunk, pngFile, tempDir } from './__tests__/fixtures';
import { type ImageFolderOptions, loadImageFolder } from './loadImageFolder';

const opts: ImageFolderOptions = { size: [2, 2], channels: 1 };
const ramp = (x: number, y: number) => 10 * y + x;

/** A folder holding one file. */
async function one(prefix: string, name: string, bytes: Uint8Array) {
  const dir = await tempDir(prefix);
  await writeFile(join(dir, name), bytes);
  return dir;
}

/** `png` with its IHDR height replaced (and the IHDR CRC made right again). */
function withHeight(png: Buffer, height: number): Buffer {
  const header = Buffer.from(png.subarray(16, 29));
  header.writeUInt32BE(height, 4);
  return Buffer.concat([png.subarray(0, 8), pngChunk('IHDR', header), png.subarray(33)]);
}

describe('loadImageFolder: PNG sizes are checked before inflating', () => {
  it('decodes hand-written PNGs, plain and Adam7-interlaced, to the exact pixels', async () => {
    for (const interlace of [false, true]) {
      const dir = await one('png-ref', 'a.png', grayPng(11, 7, ramp, interlace));
      const set = await loadImageFolder(dir, { size: [7, 11], channels: 1 });
      expect(Array.from(set.images)).toEqual(
        Array.from({ length: 77 }, (_, i) => ramp(i % 11, Math.floor(i / 11))),
      );
    }
  });

  it('refuses sizes above the limits from the header alone, naming the option', async () => {
    // 99 bytes claiming 5×8,000,000: the IDAT cannot hold 8,000,000 rows.
    const tall = pngFile(ihdr(5, 8_000_000), new Uint8Array(60));
    expect(tall.length).toBeLessThan(100);
    const dir = await one('png-tall', 't.png', tall);
    const d = await failure(
      loadImageFolder(dir, { ...opts, maxHeight: 10_000_000, maxImageBytes: 2 ** 30 }),
      'E_TRUNCATED',
      /t\.png: \d+ bytes of image data cannot hold the 48000000 bytes a 5×8000000 image needs/,
    );
    expect(d.details.file).toBe(join(dir, 't.png'));
    await failure(
      loadImageFolder(dir, opts),
      'E_LIMIT',
      /t\.png: height 8000000 \(IHDR at byte offset 20\) exceeds maxHeight 8192; pass strict: false/,
    );
    // 16,000×16,000 (the header is enough: nothing else is read).
    const wide = await one('png-wide', 'w.png', pngFile(ihdr(16_000, 16_000), new Uint8Array(1)));
    await failure(
      loadImageFolder(wide, opts),
      'E_LIMIT',
      /width 16000 \(IHDR at byte offset 16\) exceeds maxWidth 8192/,
    );
    const small = await one('png-small', 's.png', grayPng(100, 50, ramp));
    for (const [key, value, match] of [
      ['maxWidth', 99, /width 100 .* exceeds maxWidth 99/],
      ['maxHeight', 49, /height 50 .* exceeds maxHeight 49/],
      [
        'maxImageBytes',
        19_999,
        /a 100×50 image of 20000 RGBA bytes .* exceeds maxImageBytes 19999/,
      ],
      ['maxFileBytes', 100, /s\.png: \d+ bytes, more than the 100 allowed \(option maxFileBytes\)/],
    ] as const) {
      const e = await failure(loadImageFolder(small, { ...opts, [key]: value }), 'E_LIMIT', match);
      expect(e.details.option).toBe(key);
    }
    await failure(
      loadImageFolder(small, { ...opts, maxWidth: 0 }),
      'E_INVALID_ARGUMENT',
      /option maxWidth must be a positive integer/,
    );
    expect((await loadImageFolder(small, opts)).count).toBe(1);
  });

  it('rejects a header that claims fewer rows than the data, or more', async () => {
    const good = grayPng(4, 4, ramp);
    const fewer = await one('png-fewer', 'f.png', withHeight(good, 2));
    await failure(
      loadImageFolder(fewer, opts),
      'E_OVERSIZED',
      /f\.png: the image data inflates to more than the 10 bytes of a 4×2 image: the header claims fewer rows than the data has/,
    );
    const more = await one('png-more', 'm.png', withHeight(good, 8));
    await failure(
      loadImageFolder(more, opts),
      'E_TRUNCATED',
      /m\.png: the image data inflates to 20 bytes, fewer than the 40 bytes of a 4×8 image/,
    );
    const cut = await one('png-cut', 'c.png', good.subarray(0, good.length - 20));
    await failure(loadImageFolder(cut, opts), 'E_TRUNCATED', /c\.png: truncated at byte offset/);
  });
});

describe('loadImageFolder: special files and symlinks', () => {
  async function hostileFolder() {
    const dir = await tempDir('png-special');
    const elsewhere = await tempDir('png-elsewhere');
    await writeFile(
      join(dir, 'a.png'),
      grayPng(2, 2, () => 100),
    );
    await writeFile(
      join(elsewhere, 'b.png'),
      grayPng(2, 2, () => 200),
    );
    expect(spawnSync('mkfifo', [join(dir, 'z.png')]).status).toBe(0);
    await mkdir(join(dir, 'd.png'));
    await symlink('/dev/zero', join(dir, 'zero.png'));
    await symlink(join(elsewhere, 'b.png'), join(dir, 'out.png'));
    await symlink('a.png', join(dir, 'in.png'));
    return dir;
  }

  it('skips a FIFO, a folder and links outside without blocking, and says so once', async () => {
    const dir = await hostileFolder();
    const skipped: string[] = [];
    const warnings: string[] = [];
    const lenient = {
      ...opts,
      strict: false,
      onSkip: (f: string, r: string) => skipped.push(`${f}: ${r}`),
    };
    const set = await loadImageFolder(dir, { ...lenient, onWarning: (m) => warnings.push(m) });
    expect(set.count).toBe(2); // a.png and in.png → a.png
    expect(Array.from(set.images)).toEqual([100, 100, 100, 100, 100, 100, 100, 100]);
    expect(skipped).toEqual([
      'd.png: a folder, not a regular file: refused',
      'z.png: a FIFO (named pipe), not a regular file: refused',
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /skipped 2 symbolic links leading outside the folder \(out\.png → .*b\.png, zero\.png → \/dev\/zero\); pass followSymlinks: 'any' to follow them/,
    );
    // Strict: the folder stops the load, named.
    await failure(
      loadImageFolder(dir, { ...opts, onWarning: () => {} }),
      'E_NOT_A_FILE',
      /d\.png: a folder, not a regular file: refused; pass strict: false/,
    );
  });

  it("follows links outside only with followSymlinks: 'any', and never into a device", async () => {
    const dir = await hostileFolder();
    const skipped: string[] = [];
    const warnings: string[] = [];
    const any = await loadImageFolder(dir, {
      ...opts,
      strict: false,
      followSymlinks: 'any',
      onSkip: (f) => skipped.push(f),
      onWarning: (m) => warnings.push(m),
    });
    expect(any.count).toBe(3); // a.png, in.png, out.png
    expect(Array.from(any.images.subarray(8))).toEqual([200, 200, 200, 200]);
    expect(skipped).toEqual(['d.png', 'z.png', 'zero.png']);
    expect(warnings).toEqual([
      expect.stringMatching(/following 2 symbolic links outside the folder/),
    ]);
    await failure(
      loadImageFolder(dir, { ...opts, followSymlinks: 'any', onWarning: () => {} }),
      'E_NOT_A_FILE',
      /d\.png: a folder/,
    );
    const none: string[] = [];
    const plain = await loadImageFolder(dir, {
      ...opts,
      strict: false,
      followSymlinks: 'none',
      onWarning: (m) => none.push(m),
    });
    expect(plain.count).toBe(1);
    expect(none).toEqual([
      expect.stringMatching(/skipped 3 symbolic links .*followSymlinks is 'none'/),
    ]);
    await failure(
      loadImageFolder(dir, { ...opts, followSymlinks: 'outside' as 'any' }),
      'E_INVALID_ARGUMENT',
      /followSymlinks must be 'inside', 'any' or 'none'/,
    );
  });

  it('refuses a FIFO in a strict load at once', async () => {
    const dir = await tempDir('png-fifo');
    await writeFile(
      join(dir, 'a.png'),
      grayPng(2, 2, () => 1),
    );
    expect(spawnSync('mkfifo', [join(dir, 'z.png')]).status).toBe(0);
    await failure(
      loadImageFolder(dir, opts),
      'E_NOT_A_FILE',
      /z\.png: a FIFO \(named pipe\), not a regular file: refused; pass strict: false/,
    );
  });
});
