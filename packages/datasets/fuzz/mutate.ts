import type { Rng } from '@gantry/core';

/** Values that break sizes and counts: 0, 1, signed and unsigned edges, powers of two. */
const INTERESTING_32 = [
  0, 1, 2, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
];
const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xfe, 0xff];

/** An offset, half the time in the first `hot` bytes (where headers live). */
function offset(rng: Rng, length: number, hot: number): number {
  if (length === 0) return 0;
  return rng.int(2) === 0 ? rng.int(Math.min(hot, length)) : rng.int(length);
}

type Mutation = (rng: Rng, b: Uint8Array, hot: number) => Uint8Array;

const MUTATIONS: Mutation[] = [
  (rng, b, hot) => {
    const out = new Uint8Array(b); // a copy (Buffer#slice would be a view)
    if (out.length > 0) {
      const at = offset(rng, out.length, hot);
      out[at] = (out[at] as number) ^ (1 << rng.int(8));
    }
    return out;
  },
  (rng, b, hot) => {
    const out = new Uint8Array(b); // a copy (Buffer#slice would be a view)
    if (out.length > 0) out[offset(rng, out.length, hot)] = INTERESTING_8[rng.int(6)] as number;
    return out;
  },
  (rng, b, hot) => {
    const out = new Uint8Array(b); // a copy (Buffer#slice would be a view)
    if (out.length < 4) return out;
    const at = Math.min(offset(rng, out.length, hot), out.length - 4);
    const v = rng.int(4) === 0 ? rng.nextUint32() : (INTERESTING_32[rng.int(12)] as number);
    new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at, v, false);
    return out;
  },
  (rng, b) => new Uint8Array(b.subarray(0, rng.int(b.length + 1))), // truncate
  (rng, b) => {
    const extra = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
    const at = rng.int(b.length + 1);
    return Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]); // insert
  },
  (rng, b) => {
    const at = rng.int(b.length + 1);
    const n = rng.int(Math.max(1, b.length - at) + 1);
    return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + n)]); // delete
  },
  (rng, b) => {
    const at = rng.int(b.length + 1);
    const n = rng.int(Math.min(256, b.length - at) + 1);
    return Uint8Array.from([...b, ...b.subarray(at, at + n)]); // append a copy of a slice
  },
];

/**
 * Applies 1–4 seeded mutations to `bytes` (bit flips, interesting bytes and 32-bit big-endian
 * values, truncation, insertion, deletion, duplication), aiming half of the point mutations at
 * the first `hot` bytes, where headers are. The input is not modified.
 */
export function mutate(rng: Rng, bytes: Uint8Array, hot = 32): Uint8Array {
  let out = bytes;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++)
    out = (MUTATIONS[rng.int(MUTATIONS.length)] as Mutation)(rng, out, hot);
  return out;
}

/** Picks one element. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}
