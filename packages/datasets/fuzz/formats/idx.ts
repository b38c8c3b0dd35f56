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

const READ: Record<number, [number, (v: DataView, at: number) => number]> = {
  8: [1, (v, at) => v.getUint8(at)],
  9: [1, (v, at) => v.getInt8(at)],
  11: [2, (v, at) => v.getInt16(at)],
  12: [4, (v, at) => v.getInt32(at)],
  13: [4, (v, at) => v.getFloat32(at)],
  14: [8, (v, at) => v.getFloat64(at)],
};

/**
 * Wrong unless what was read is what the spec reads in `expected()` (the file, or its gunzip),
 * decoded here independently: the same shape and every value (NaN included: Object.is).
 */
export async function checkIdx(
  path: string,
  expected: () => Uint8Array,
): Promise<string | undefined> {
  const array = await readIdxFile(path);
  const bytes = expected();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ndim = bytes[3] as number;
  const shape = Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d));
  const [size, read] = READ[bytes[2] as number] ?? [0, () => Number.NaN];
  const count = shape.reduce((a, b) => a * b, 1);
  if (
    bytes[0] !== 0 ||
    bytes[1] !== 0 ||
    size === 0 ||
    bytes.length !== 4 + 4 * ndim + count * size
  ) {
    return `accepted a file that is not a well-formed IDX file of [${shape}]`;
  }
  if (array.shape.join() !== shape.join()) return `shape [${array.shape}] instead of [${shape}]`;
  for (let i = 0; i < count; i++) {
    if (!Object.is(array.data[i], read(view, 4 + 4 * ndim + i * size))) return `value ${i} differs`;
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
