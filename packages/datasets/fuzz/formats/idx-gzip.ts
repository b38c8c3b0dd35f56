// Gzipped IDX files through readIdxFile: mutations before and after compression, and bombs.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { defineFormat } from '../format';
import { mutate } from '../mutate';
import { checkIdx, seedIdx } from './idx';

const ZEROS = gzipSync(Buffer.alloc(1 << 20)); // 1 MiB of zeros in 1 KB

export default defineFormat({
  async prepare(rng, dir) {
    const idx = seedIdx(rng);
    const way = rng.int(10);
    const gz =
      way < 5
        ? gzipSync(mutate(rng, idx, 24)) // a well-formed stream of a mutated file
        : way < 8
          ? mutate(rng, gzipSync(idx), 16) // a mutated stream
          : Buffer.concat([gzipSync(idx), ...new Array(1 + rng.int(64)).fill(ZEROS)]); // a bomb
    const target = join(dir, 't10k-labels-idx1-ubyte.gz');
    await writeFile(target, gz);
    return { target, names: [target], data: gz };
  },
  run: (c) => checkIdx(c.target, () => gunzipReference(c.data as Uint8Array)),
});

/** What a plain gunzip makes of the file (bounded: a success is at most 1 GiB, see readIdxFile). */
function gunzipReference(gz: Uint8Array): Uint8Array {
  try {
    return gunzipSync(gz, { maxOutputLength: 2 ** 30 + 1 });
  } catch {
    return new Uint8Array(0); // not decodable: any success of readIdxFile is then wrong
  }
}
