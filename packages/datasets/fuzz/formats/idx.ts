// Raw IDX files through readIdxFile: mutated headers, sizes and payloads of small valid files.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rng } from '@gantry/core';
import { encodeIdx, type IdxDtype } from '../../src/idx';
import { readIdxFile } from '../../src/readIdxFile';
import { defineFormat } from '../format';
import { mutate, pick } from '../mutate';

const SHAPES: [IdxDtype, number[]][] = [
  ['uint8', [3, 4, 5]],
  ['uint8', [12]],
  ['int8', [2, 3]],
  ['int16', [5]],
  ['int32', [2, 2]],
  ['float32', [3, 1]],
  ['float64', [2]],
];

/** A small valid IDX file of a random shape and type, with seeded values. */
export function seedIdx(rng: Rng): Uint8Array {
  const [dtype, shape] = pick(rng, SHAPES);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, () =>
    dtype === 'uint8'
      ? rng.int(256)
      : dtype.startsWith('float')
        ? rng.uniform(-9, 9)
        : rng.int(100) - 50,
  );
  return encodeIdx({ dtype, shape, data });
}

/** Wrong unless what was read re-encodes to exactly `expected()` (the file, or its gunzip). */
export async function checkIdx(
  path: string,
  expected: () => Uint8Array,
): Promise<string | undefined> {
  const array = await readIdxFile(path);
  const again = encodeIdx(array);
  const bytes = expected();
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) {
    return `readIdxFile returned [${array.shape}] ${array.dtype} that does not re-encode to the file`;
  }
  return undefined;
}

export default defineFormat({
  async prepare(rng, dir) {
    const bytes = rng.int(20) === 0 ? seedIdx(rng) : mutate(rng, seedIdx(rng), 24);
    const target = join(dir, 'train-images-idx3-ubyte');
    await writeFile(target, bytes);
    return { target, names: [target], data: bytes };
  },
  run: (c) => checkIdx(c.target, () => c.data as Uint8Array),
});
