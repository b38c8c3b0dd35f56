import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  pythonOrSkip,
  readWithTensorboard,
  type TensorboardPython,
  tensorboardMaskedCrc,
  tensorboardPython,
} from '@gantry/test-utils/tensorboard';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedCrc32c } from './crc';
import { EventFileWriter } from './eventFileWriter';
import { listEventFiles, readEventFile } from './readEventFiles';
import { pngImageValue } from './summaries';

/** A real PNG (pngjs): a w×h gradient, RGBA or grey. */
function png(width: number, height: number, colorType: 0 | 6 = 6): Uint8Array {
  const image = new PNG({ width, height, colorType });
  for (let i = 0; i < width * height; i++) {
    image.data.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
  }
  return new Uint8Array(PNG.sync.write(image, { colorType }));
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dir = '';
let tb: TensorboardPython = { reason: 'not set up' };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-tb-'));
  tb = await tensorboardPython();
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pngImageValue', () => {
  it('reads width, height and colorspace from the IHDR of a PNG', () => {
    expect(pngImageValue('s', png(5, 3)).image).toMatchObject({
      width: 5,
      height: 3,
      colorspace: 4,
    });
    expect(pngImageValue('s', png(2, 7, 0)).image).toMatchObject({
      width: 2,
      height: 7,
      colorspace: 1,
    });
    expect(() =>
      pngImageValue('s', new TextEncoder().encode('GIF89a...................................')),
    ).toThrow(/image "s": not a PNG/);
  });
});

describe('EventFileWriter', () => {
  it('writes a new file named like TensorFlow’s, flushed on demand, fsynced at close', async () => {
    const sub = join(dir, 'names');
    const a = await EventFileWriter.create(sub, { now: () => 1700000000.5 });
    const b = await EventFileWriter.create(sub, { now: () => 1700000000.5, suffix: '.eval' });
    const name = basename(a.path);
    expect(name).toMatch(
      new RegExp(
        `^events\\.out\\.tfevents\\.1700000000\\.${hostname().replace(/\./g, '\\.')}\\.${process.pid}\\.\\d+$`,
      ),
    );
    expect(basename(b.path)).toMatch(/\.eval$/);
    expect(a.path).not.toBe(b.path); // same second and process: the counter tells them apart
    a.scalars(1, { 'loss/D': 1.5 });
    expect((await readEventFile(a.path)).events).toHaveLength(1); // only file_version so far
    await a.flush();
    expect((await readEventFile(a.path)).events).toHaveLength(2);
    await a.close();
    await a.close(); // idempotent
    expect(() => a.scalars(2, { x: 1 })).toThrow(/closed/);
    await b.close();
    expect((await listEventFiles(sub)).map((p) => basename(p))).toEqual(
      [basename(a.path), basename(b.path)].sort(),
    );
  });

  it('reads back file_version first, then scalars and images; a flipped byte is caught', async () => {
    const sub = join(dir, 'read');
    const w = await EventFileWriter.create(sub);
    w.scalars(3, { 'loss/D': 0.25, 'loss/penalty': 0 }, 10);
    const image = png(6, 4);
    w.image(3, 'samples', image, 11);
    await w.close();
    const { events } = await readEventFile(w.path);
    expect(events[0]).toMatchObject({ step: 0, fileVersion: 'brain.Event:2', writer: 'gantry' });
    expect(events[1]).toMatchObject({
      step: 3,
      wallTime: 10,
      summary: [
        { tag: 'loss/D', simpleValue: 0.25 },
        { tag: 'loss/penalty', simpleValue: 0 },
      ],
    });
    expect(events[2]?.summary?.[0]?.image).toMatchObject({ width: 6, height: 4, colorspace: 4 });
    expect(sha256(events[2]?.summary?.[0]?.image?.encoded as Uint8Array)).toBe(sha256(image));

    const bytes = await readFile(w.path);
    const at = (events[2]?.offset as number) + 40;
    bytes[at] = (bytes[at] as number) ^ 0x10;
    const corrupt = join(sub, 'events.out.tfevents.corrupt');
    await writeFile(corrupt, bytes);
    await expect(readEventFile(corrupt)).rejects.toThrow(
      new RegExp(`${corrupt}: the data of the record at byte ${events[2]?.offset}`),
    );
  });
});

describe('TensorBoard reads the files (Python tensorboard package)', () => {
  it('computes the same masked CRC32C as ours', async (ctx) => {
    const python = pythonOrSkip(tb, ctx);
    const data = [new Uint8Array(0), new TextEncoder().encode('brain.Event:2'), png(3, 3)];
    expect(await tensorboardMaskedCrc(python, data)).toEqual(data.map(maskedCrc32c));
  });

  it('EventAccumulator gives back every scalar (as float32) and image, in step order', async (ctx) => {
    const python = pythonOrSkip(tb, ctx);
    const sub = join(dir, 'accumulator');
    const w = await EventFileWriter.create(sub);
    const images = [png(8, 8), png(8, 8, 0)];
    for (let step = 1; step <= 50; step++) {
      w.scalars(step, { 'loss/D': Math.log(step) / 3, 'loss/penalty': 0 }, 1700000000 + step);
      if (step % 25 === 0) w.image(step, 'samples', images[step / 25 - 1] as Uint8Array);
      if (step % 10 === 0) await w.flush();
    }
    await w.close();
    const read = await readWithTensorboard(python, sub);
    expect(read.scalars['loss/D']?.map(([step, value, wall]) => [step, value, wall])).toEqual(
      Array.from({ length: 50 }, (_, i) => [
        i + 1,
        Math.fround(Math.log(i + 1) / 3),
        1700000001 + i,
      ]),
    );
    expect(read.scalars['loss/penalty']?.every(([, v]) => v === 0)).toBe(true);
    expect(read.images['samples']).toEqual([
      [25, 8, 8, sha256(images[0] as Uint8Array)],
      [50, 8, 8, sha256(images[1] as Uint8Array)],
    ]);
  });

  it('a SessionLog START in a later file drops the steps it restarts from (orphaned data)', async (ctx) => {
    const python = pythonOrSkip(tb, ctx);
    const sub = join(dir, 'restart');
    const first = await EventFileWriter.create(sub, { now: () => 1700000000 });
    first.sessionStart(0);
    for (let step = 1; step <= 25; step++) first.scalars(step, { x: step });
    await first.close();
    // A run killed at step 25 that resumes from its checkpoint at step 20.
    const second = await EventFileWriter.create(sub, { now: () => 1700000100 });
    second.sessionStart(21);
    for (let step = 21; step <= 30; step++) second.scalars(step, { x: 1000 + step });
    await second.close();
    const read = await readWithTensorboard(python, sub);
    expect(read.scalars['x']?.map(([s, v]) => [s, v])).toEqual([
      ...Array.from({ length: 20 }, (_, i) => [i + 1, i + 1]),
      ...Array.from({ length: 10 }, (_, i) => [i + 21, 1021 + i]),
    ]);
  });
});
