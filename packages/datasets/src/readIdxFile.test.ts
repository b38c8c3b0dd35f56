import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectFailure as failure } from './__tests__/expectFailure';
import { tempDir } from './__tests__/fixtures';
import { encodeIdx } from './idx';
import { loadMnist } from './loadMnist';
import { readIdxFile } from './readIdxFile';

/** The IDX header of a uint8 array of this shape. */
function header(shape: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length);
  out.set([0, 0, 8, shape.length]);
  shape.forEach((s, d) => new DataView(out.buffer).setUint32(4 + 4 * d, s, false));
  return out;
}

const uint8 = (shape: number[]) =>
  encodeIdx({ dtype: 'uint8', shape, data: new Uint8Array(shape.reduce((a, b) => a * b, 1)) });

describe('readIdxFile on hostile files', () => {
  it('stops a gzip bomb after one chunk: 3 GiB of zeros behind a header of 60 labels', async () => {
    const dir = await tempDir('idx-bomb');
    // Gzip members concatenate: 60 labels, then 192 members of 16 MiB of zeros each.
    const zeros = gzipSync(Buffer.alloc(16 << 20), { level: 9 });
    const bomb = Buffer.concat([gzipSync(uint8([60])), ...new Array(192).fill(zeros)]);
    expect(bomb.length).toBeLessThan(4 << 20); // 3.1 MB on disk, 3 GiB inflated
    const path = join(dir, 'train-labels-idx1-ubyte.gz');
    await writeFile(path, bomb);
    const before = process.resourceUsage().maxRSS;
    const d = await failure(
      readIdxFile(path),
      'E_OVERSIZED',
      /train-labels-idx1-ubyte\.gz: decompresses to more than the 68 bytes its header describes \(8-byte header \+ 60 uint8\)/,
    );
    expect(d.details).toMatchObject({ file: path, offset: 68 });
    // Peak memory (maxRSS, in KiB) grows by less than 256 MiB: nowhere near the 3 GiB inflated.
    expect(process.resourceUsage().maxRSS - before).toBeLessThan(256 * 1024);
  });

  it('refuses sizes the file cannot hold or the caller does not allow, before reading', async () => {
    const dir = await tempDir('idx-claims');
    // Raw: a 100-byte file whose header claims 2^31 images of one byte.
    const raw = join(dir, 'claims-raw');
    await writeFile(raw, Buffer.concat([header([2 ** 31]), Buffer.alloc(92)]));
    await failure(
      readIdxFile(raw, { maxBytes: 2 ** 32 }),
      'E_TRUNCATED',
      /claims-raw: truncated at byte offset 100: expected 2147483656 bytes/,
    );
    await failure(
      readIdxFile(raw),
      'E_LIMIT',
      /claims-raw: the header describes 2147483656 bytes \(8-byte header \+ 2147483648 uint8\), more than the 1073741824 allowed \(option maxBytes\)/,
    );
    // Gzip: a few hundred bytes cannot inflate to 1e8 (deflate expands at most 1032:1).
    const gz = join(dir, 'claims.gz');
    await writeFile(gz, gzipSync(Buffer.concat([header([10_000, 100, 100]), Buffer.alloc(5000)])));
    await failure(
      readIdxFile(gz),
      'E_TRUNCATED',
      /claims\.gz: the header describes 100000016 bytes .*more than a \d+-byte gzip file can hold \(deflate expands at most 1032:1\)/,
    );
    await failure(
      readIdxFile(gz, { maxBytes: 1000 }),
      'E_LIMIT',
      /claims\.gz: the header describes 100000016 bytes .*more than the 1000 allowed/,
    );
    await failure(readIdxFile(gz, { maxBytes: 0 }), 'E_INVALID_ARGUMENT', /maxBytes/);
  });

  it('refuses a FIFO and a folder at once instead of blocking on them', async () => {
    const dir = await tempDir('idx-fifo');
    const fifo = join(dir, 'train-images-idx3-ubyte');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await failure(
      readIdxFile(fifo),
      'E_NOT_A_FILE',
      /train-images-idx3-ubyte: a FIFO \(named pipe\), not a regular IDX file: refused/,
    );
    await failure(readIdxFile(dir), 'E_NOT_A_FILE', /a folder, not a regular IDX file/);
  });
});

describe('loadMnist on bad shapes', () => {
  async function folder(prefix: string, images: Uint8Array, labels: Uint8Array) {
    const dir = await tempDir(prefix);
    for (const part of ['train', 't10k']) {
      await writeFile(join(dir, `${part}-images-idx3-ubyte`), images);
      await writeFile(join(dir, `${part}-labels-idx1-ubyte`), labels);
    }
    return dir;
  }

  it('names the file and the dimension of a 0 height, a 0 count and [0, 65535, 65535]', async () => {
    const flat = await folder('mnist-h0', uint8([2, 0, 28]), uint8([2]));
    const d = await failure(
      loadMnist({ dir: flat }),
      'E_FORMAT',
      /train-images-idx3-ubyte: IDX dimension 1 \(rows\) at byte offset 8 is 0/,
    );
    expect(d.details).toMatchObject({ dimension: 1, offset: 8 });
    const none = await folder('mnist-n0', uint8([0, 28, 28]), uint8([0]));
    await failure(
      loadMnist({ dir: none }),
      'E_EMPTY',
      /train-images-idx3-ubyte: IDX dimension 0 \(image count\) at byte offset 4 is 0/,
    );
    const huge = await folder('mnist-wide', header([0, 65535, 65535]), uint8([0]));
    await failure(loadMnist({ dir: huge }), 'E_EMPTY', /image count\) at byte offset 4 is 0/);
  });
});
