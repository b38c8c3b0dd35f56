import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { encodeIdx, type IdxDtype, idxHeader, parseIdx } from './idx';

/** Header bytes: magic 00 00 <code> <ndim>, then big-endian sizes. */
function header(code: number, shape: number[]): number[] {
  return [
    0,
    0,
    code,
    shape.length,
    ...shape.flatMap((s) => [s >>> 24, (s >>> 16) & 255, (s >>> 8) & 255, s & 255]),
  ];
}

function expectError(fn: () => unknown, code: string, match: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(isGantryError(e, code)).toBe(true);
    expect((e as Error).message).toMatch(match);
    return (e as { details: Record<string, unknown> }).details;
  }
  throw new Error('expected an error');
}

describe('parseIdx', () => {
  it('decodes every dtype from hand-written big-endian bytes', () => {
    const cases: [IdxDtype, number, number[], number[]][] = [
      ['uint8', 0x08, [0, 255, 7], [0, 255, 7]],
      ['int8', 0x09, [0xff, 0x80, 0x7f], [-1, -128, 127]],
      ['int16', 0x0b, [0xff, 0xfe, 0x01, 0x00], [-2, 256]],
      ['int32', 0x0c, [0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff], [0x01020304, -1]],
      ['float32', 0x0d, [0x3f, 0xc0, 0, 0, 0xc1, 0x20, 0, 0], [1.5, -10]],
      ['float64', 0x0e, [0xc0, 0, 0, 0, 0, 0, 0, 0, 0x3f, 0xd0, 0, 0, 0, 0, 0, 0], [-2, 0.25]],
    ];
    for (const [dtype, code, payload, values] of cases) {
      const bytes = new Uint8Array([...header(code, [values.length]), ...payload]);
      const parsed = parseIdx(bytes, { file: `${dtype}.idx` });
      expect(parsed.dtype).toBe(dtype);
      expect(parsed.shape).toEqual([values.length]);
      expect(Array.from(parsed.data)).toEqual(values);
      // encodeIdx is the exact inverse.
      expect(Array.from(encodeIdx(parsed))).toEqual(Array.from(bytes));
    }
  });

  it('reads multi-dimensional shapes row-major and keeps uint8 zero-copy', () => {
    const bytes = new Uint8Array([
      ...header(0x08, [2, 2, 3]),
      ...Array.from({ length: 12 }, (_, i) => i),
    ]);
    const parsed = parseIdx(bytes);
    expect(parsed.shape).toEqual([2, 2, 3]);
    expect(parsed.data[7]).toBe(7);
    expect(parsed.data.buffer).toBe(bytes.buffer);
    expect(parsed.data.constructor).toBe(Uint8Array);
  });

  it('names file, offset and expectation for truncated data', () => {
    const bytes = new Uint8Array([...header(0x0b, [3]), 0, 1, 0, 2, 0]);
    const d = expectError(
      () => parseIdx(bytes, { file: 'short.idx' }),
      'E_TRUNCATED',
      /short\.idx: truncated at byte offset 13: expected 14 bytes \(8-byte header \+ 3 int16 × 2 bytes\)/,
    );
    expect(d).toMatchObject({ file: 'short.idx', offset: 13, expected: 14, actual: 13 });
  });

  it('rejects a truncated header, an oversized file, a bad magic and an unknown type', () => {
    expectError(
      () => parseIdx(new Uint8Array([0, 0]), { file: 'a' }),
      'E_TRUNCATED',
      /a: truncated at byte offset 2/,
    );
    expectError(
      () => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), { file: 'b' }),
      'E_TRUNCATED',
      /b: truncated at byte offset 8: expected 3 dimension sizes \(a 16-byte header\)/,
    );
    const over = expectError(
      () => parseIdx(new Uint8Array([...header(8, [2]), 1, 2, 3]), { file: 'c' }),
      'E_OVERSIZED',
      /c: 1 unexpected bytes after byte offset 10: expected exactly 10 bytes/,
    );
    expect(over.offset).toBe(10);
    expectError(
      () => parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), { file: 'd' }),
      'E_FORMAT',
      /d: bad IDX magic at byte offset 0: expected 00 00, got 0x01 0x00/,
    );
    expectError(
      () => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0]), { file: 'e.gz' }),
      'E_FORMAT',
      /this is gzip data/,
    );
    expectError(
      () => parseIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]), { file: 'f' }),
      'E_FORMAT',
      /f: unknown IDX type code 0x0a at byte offset 2/,
    );
    expectError(
      () => parseIdx(new Uint8Array([0, 0, 8, 0])),
      'E_FORMAT',
      /dimension count at byte offset 3 is 0/,
    );
  });
});

describe('idxHeader', () => {
  it('bounds the product of the dimensions, counting a 0 as 1, and names the dimension', () => {
    // [0, 65535, 65535]: zero items, but 65535² bytes per item still fit in 4 GiB; 65536×65537 do not.
    const empty = parseIdx(new Uint8Array(header(8, [0, 65535, 65535])), { file: 'empty.idx' });
    expect(empty.shape).toEqual([0, 65535, 65535]);
    expect(empty.data.length).toBe(0);
    const d = expectError(
      () => parseIdx(new Uint8Array(header(8, [0, 65536, 65537])), { file: 'wide.idx' }),
      'E_LIMIT',
      /wide\.idx: IDX dimension 2 \(size 65537 at byte offset 12\) makes 0×65536×65537 uint8 more than 4294967296 bytes/,
    );
    expect(d).toMatchObject({ file: 'wide.idx', dimension: 2, offset: 12 });
    // float64 × 2^29 items = 4 GiB + 8: caught at dimension 0 before any allocation.
    expectError(
      () => parseIdx(new Uint8Array(header(0x0e, [2 ** 29 + 1])), { file: 'f64.idx' }),
      'E_LIMIT',
      /f64\.idx: IDX dimension 0 \(size 536870913 at byte offset 4\)/,
    );
    expect(idxHeader(new Uint8Array([0, 0, 8, 2, 0, 0]), 'x')).toBeUndefined();
    expect(idxHeader(new Uint8Array(header(8, [60])), 'x')).toMatchObject({
      expectedBytes: 68,
      layout: '8-byte header + 60 uint8',
    });
  });
});
