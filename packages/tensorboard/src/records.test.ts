import { describe, expect, it } from 'vitest';
import { maskedCrc32c } from './crc';
import { TensorboardError } from './errors';
import { decodeEvent, encodeEvent, FILE_VERSION, SESSION_STATUS } from './event';
import { filterEvents } from './filterEvents';
import { frameRecord, parseRecords } from './records';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The mask written out by hand: rotate right by 15 bits, add 0xa282ead8, mod 2³². */
function mask(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

describe('maskedCrc32c', () => {
  it('is the mask of the Castagnoli CRC (check value 0xe3069283 for "123456789")', () => {
    expect(maskedCrc32c(utf8('123456789'))).toBe(mask(0xe3069283));
    // RFC 3720 B.4: 32 bytes of zeros have CRC32C 0x8a9136aa, 32 bytes of 0xff 0x62a8ab43.
    expect(maskedCrc32c(new Uint8Array(32))).toBe(mask(0x8a9136aa));
    expect(maskedCrc32c(new Uint8Array(32).fill(0xff))).toBe(mask(0x62a8ab43));
  });
});

describe('frameRecord / parseRecords', () => {
  const payloads = [utf8('first'), new Uint8Array(0), utf8('a longer third record'.repeat(20))];
  const file = new Uint8Array(payloads.flatMap((p) => [...frameRecord(p)]));

  it('frames length (u64 LE), its masked CRC, the data and its masked CRC', () => {
    const framed = frameRecord(utf8('abc'));
    expect(framed.length).toBe(8 + 4 + 3 + 4);
    const view = new DataView(framed.buffer);
    expect(view.getBigUint64(0, true)).toBe(3n);
    expect(view.getUint32(8, true)).toBe(maskedCrc32c(framed.subarray(0, 8)));
    expect(new TextDecoder().decode(framed.subarray(12, 15))).toBe('abc');
    expect(view.getUint32(15, true)).toBe(maskedCrc32c(utf8('abc')));
  });

  it('reads the records back with their offsets', () => {
    const { records, truncatedAt } = parseRecords(file);
    expect(records.map((r) => new TextDecoder().decode(r.data))).toEqual(
      payloads.map((p) => new TextDecoder().decode(p)),
    );
    expect(records.map((r) => r.offset)).toEqual([0, 21, 37]);
    expect(records.at(-1)?.end).toBe(file.length);
    expect(truncatedAt).toBeUndefined();
  });

  it('detects every corrupted byte: in a length, a CRC or the data, naming the file and offset', () => {
    for (let i = 0; i < file.length; i++) {
      const bad = file.slice();
      bad[i] = (bad[i] as number) ^ 0x01;
      let error: unknown;
      try {
        parseRecords(bad, { file: 'events.out.tfevents.x' });
      } catch (e) {
        error = e;
      }
      // A flipped length bit may also make the record run past the end: truncated, not silent.
      expect(error, `byte ${i}`).toBeInstanceOf(TensorboardError);
      const e = error as TensorboardError;
      expect(['E_CORRUPT_RECORD', 'E_TRUNCATED_RECORD']).toContain(e.code);
      expect(e.message).toContain('events.out.tfevents.x');
      expect(e.details.offset).toBeLessThanOrEqual(i);
    }
  });

  it('names the byte offset of a corrupt record', () => {
    const bad = file.slice();
    bad[54] = (bad[54] as number) ^ 0xff; // inside the third record's data (37 + 12 + 5)
    expect(() => parseRecords(bad, { file: 'f' })).toThrow(
      /f: the data of the record at byte 37 \(420 bytes from byte 49\) does not match its CRC32C/,
    );
  });

  it('reports a file cut inside a record, or tolerates it as a tail still being written', () => {
    const cut = file.subarray(0, file.length - 3);
    expect(() => parseRecords(cut, { file: 'f' })).toThrow(
      expect.objectContaining({ code: 'E_TRUNCATED_RECORD', details: { file: 'f', offset: 37 } }),
    );
    const tolerant = parseRecords(cut, { allowTruncatedTail: true });
    expect(tolerant.records).toHaveLength(2);
    expect(tolerant.truncatedAt).toBe(37);
  });
});

describe('encodeEvent / decodeEvent', () => {
  it('round-trips the fields Gantry writes, a zero scalar included', () => {
    const png = new Uint8Array([1, 2, 3]);
    const events = [
      { wallTime: 1700000000.25, step: 0, fileVersion: FILE_VERSION, writer: 'gantry' },
      {
        wallTime: 1700000001.5,
        step: 123456789012,
        summary: [
          { tag: 'loss/D', simpleValue: 1.25 },
          { tag: 'loss/penalty', simpleValue: 0 },
          { tag: 'samples', image: { width: 4, height: 2, colorspace: 4, encoded: png } },
        ],
      },
      { wallTime: 3, step: 201, sessionLog: { status: SESSION_STATUS.start } },
    ];
    for (const event of events) expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('writes simple_value as a float32 (TensorBoard stores scalars as float)', () => {
    const [value] =
      decodeEvent(encodeEvent({ wallTime: 0, step: 1, summary: [{ tag: 't', simpleValue: 0.1 }] }))
        .summary ?? [];
    expect(value?.simpleValue).toBe(Math.fround(0.1));
  });

  it('encodes the protobuf bytes field by field (wire format written out by hand)', () => {
    const bytes = encodeEvent({ wallTime: 0, step: 5, summary: [{ tag: 'a', simpleValue: 1 }] });
    // 09 <double 0>, 10 05, 2a 0a { 0a 08 { 0a 01 'a', 15 <float 1> } }
    expect([...bytes]).toEqual([
      0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 5, 0x2a, 10, 0x0a, 8, 0x0a, 1, 0x61, 0x15, 0, 0, 0x80,
      0x3f,
    ]);
  });

  it('refuses a step that is not a non-negative integer, and bytes that are not an Event', () => {
    expect(() => encodeEvent({ wallTime: 0, step: 1.5 })).toThrow(
      expect.objectContaining({ code: 'E_BAD_VALUE', kind: 'usage' }),
    );
    expect(() => decodeEvent(new Uint8Array([0x0a, 0x05, 0x01]), 'rec')).toThrow(
      expect.objectContaining({ code: 'E_BAD_EVENT' }),
    );
  });
});

describe('filterEvents', () => {
  it('keeps the records of the steps asked for, byte for byte, and drops a cut tail', () => {
    const records = [0, 1, 2, 3].map((step) =>
      frameRecord(
        encodeEvent({ wallTime: step, step, summary: [{ tag: 'x', simpleValue: step }] }),
      ),
    );
    const all = new Uint8Array(records.flatMap((r) => [...r]));
    const cut = all.subarray(0, all.length - 5);
    const out = filterEvents(cut, (e) => e.step <= 1);
    expect(out).toMatchObject({ kept: 2, dropped: 1, droppedTruncatedTail: true });
    expect([...out.bytes]).toEqual([...(records[0] as Uint8Array), ...(records[1] as Uint8Array)]);
  });
});
