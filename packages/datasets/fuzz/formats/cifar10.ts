// CIFAR-10 binary batches through loadCifar10: a folder of the six files, one of them mutated
// or replaced by a FIFO, a folder or a symlink.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rng } from '@gantry/core';
import { CIFAR10_RECORD_BYTES } from '../../src/cifar10';
import { CIFAR10_FILES, loadCifar10 } from '../../src/loadCifar10';
import { defineFormat } from '../format';
import { mutate, pick } from '../mutate';
import { makeSpecial } from '../special';

const FILES = [...CIFAR10_FILES.train, CIFAR10_FILES.test];

function batch(rng: Rng, records: number): Uint8Array {
  const out = new Uint8Array(records * CIFAR10_RECORD_BYTES);
  for (let i = 0; i < out.length; i++) out[i] = rng.int(256);
  for (let r = 0; r < records; r++) out[r * CIFAR10_RECORD_BYTES] = rng.int(10);
  return out;
}

/** NHWC pixels and labels of concatenated batches, the slow and obvious way. */
function reference(batches: Uint8Array[]): { images: number[]; labels: number[] } {
  const images: number[] = [];
  const labels: number[] = [];
  for (const b of batches) {
    for (let at = 0; at < b.length; at += CIFAR10_RECORD_BYTES) {
      labels.push(b[at] as number);
      for (let p = 0; p < 1024; p++) {
        for (let c = 0; c < 3; c++) images.push(b[at + 1 + c * 1024 + p] as number);
      }
    }
  }
  return { images, labels };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

export default defineFormat({
  async prepare(rng, dir) {
    const batches = FILES.map(() => batch(rng, 1 + rng.int(2)));
    const victim = pick(rng, FILES);
    const special = rng.int(10) === 0;
    for (const [k, f] of FILES.entries()) {
      if (f === victim && special) await makeSpecial(rng, join(dir, f), batches[k] as Uint8Array);
      else {
        if (f === victim) batches[k] = mutate(rng, batches[k] as Uint8Array, 8);
        await writeFile(join(dir, f), batches[k] as Uint8Array);
      }
    }
    return { target: dir, names: [dir, ...FILES], data: batches };
  },
  async run(c) {
    const batches = c.data as Uint8Array[];
    const { train, test } = await loadCifar10({ dir: c.target });
    const want = reference(batches.slice(0, 5));
    if (!same(train.images, want.images) || !same(train.labels ?? [], want.labels)) {
      return 'train images or labels differ from the reference conversion';
    }
    const wantTest = reference(batches.slice(5));
    if (!same(test.images, wantTest.images)) return 'test images differ from the reference';
    return undefined;
  },
});
