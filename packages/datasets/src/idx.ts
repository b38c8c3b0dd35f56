import { DatasetError } from './errors';

/** Element types of the IDX format, by their type code. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds each {@link IdxDtype}. */
export type IdxTypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A parsed IDX file: element type, dimensions and the values in row-major order. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: IdxTypedArray;
}

/** IDX type code (third magic byte) → element type and size in bytes. */
export const IDX_DTYPES: Readonly<Record<number, { dtype: IdxDtype; bytes: number }>> =
  Object.freeze({
    8: { dtype: 'uint8', bytes: 1 },
    9: { dtype: 'int8', bytes: 1 },
    11: { dtype: 'int16', bytes: 2 },
    12: { dtype: 'int32', bytes: 4 },
    13: { dtype: 'float32', bytes: 4 },
    14: { dtype: 'float64', bytes: 8 },
  });

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

/** The largest array this reader accepts: 4 GiB, the longest typed array Node allows. */
export const IDX_MAX_BYTES = 2 ** 32;

/** An IDX header: element type, dimensions, and the byte length the whole file must have. */
export interface IdxHeader {
  dtype: IdxDtype;
  /** Bytes per element. */
  bytes: number;
  shape: number[];
  /** 4 + 4·ndim. */
  headerBytes: number;
  /** headerBytes + ∏shape · bytes: the exact length of the file. */
  expectedBytes: number;
  /** What `expectedBytes` is made of, for messages: "16-byte header + 10000×28×28 uint8". */
  layout: string;
}

/**
 * Reads an IDX header from the first bytes of a file: `undefined` while `bytes` is shorter than
 * the header, else its type, shape and exact file length. A bad magic, an unknown type, no
 * dimensions, or dimensions whose product (counting a 0 as 1, so `[0, 65536, 65537]` is caught
 * too) exceeds {@link IDX_MAX_BYTES} throws a {@link DatasetError} naming `file`, the dimension
 * and its byte offset. Used by {@link parseIdx} and, on the first gunzipped bytes, to bound a
 * decompression by what the header says.
 *
 * @example
 * idxHeader(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 60]), 'labels')?.expectedBytes; // 68
 */
export function idxHeader(bytes: Uint8Array, file: string): IdxHeader | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
    throw new DatasetError(
      'E_FORMAT',
      `${file}: bad IDX magic at byte offset 0: expected 00 00, got ${hex(bytes[0] as number)} ${hex(bytes[1] as number)}${gz ? ' (this is gzip data: decompress it first, e.g. with readIdxFile from @gantry/datasets/node)' : ''}`,
      { file, offset: 0, expected: '00 00' },
    );
  }
  const code = bytes[2] as number;
  const type = IDX_DTYPES[code];
  if (type === undefined) {
    throw new DatasetError(
      'E_FORMAT',
      `${file}: unknown IDX type code ${hex(code)} at byte offset 2: expected one of 0x08 (uint8), 0x09 (int8), 0x0b (int16), 0x0c (int32), 0x0d (float32), 0x0e (float64)`,
      { file, offset: 2, actual: code },
    );
  }
  const ndim = bytes[3] as number;
  if (ndim === 0) {
    throw new DatasetError(
      'E_FORMAT',
      `${file}: IDX dimension count at byte offset 3 is 0: expected at least 1`,
      { file, offset: 3, actual: 0 },
    );
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const shape: number[] = [];
  let count = 1;
  let span = type.bytes; // bytes described so far, a 0 counted as 1
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    shape.push(size);
    count *= size;
    span *= Math.max(size, 1);
    if (span > IDX_MAX_BYTES) {
      throw new DatasetError(
        'E_LIMIT',
        `${file}: IDX dimension ${d} (size ${size} at byte offset ${4 + 4 * d}) makes ${shape.join('×')}${d < ndim - 1 ? '×…' : ''} ${type.dtype} more than ${IDX_MAX_BYTES} bytes (4 GiB), the largest array this reader accepts`,
        { file, offset: 4 + 4 * d, dimension: d, actual: size, expected: IDX_MAX_BYTES },
      );
    }
  }
  const layout = `${headerBytes}-byte header + ${shape.join('×')} ${type.dtype}${type.bytes > 1 ? ` × ${type.bytes} bytes` : ''}`;
  return {
    dtype: type.dtype,
    bytes: type.bytes,
    shape,
    headerBytes,
    expectedBytes: headerBytes + count * type.bytes,
    layout,
  };
}

/**
 * Throws unless a file of `length` bytes has exactly the length its header describes: shorter is
 * `E_TRUNCATED`, longer `E_OVERSIZED`, each naming `file`, the byte offset and the layout.
 */
export function checkIdxLength(header: IdxHeader, length: number, file: string): void {
  const { expectedBytes: expected, layout } = header;
  if (length < expected) {
    throw new DatasetError(
      'E_TRUNCATED',
      `${file}: truncated at byte offset ${length}: expected ${expected} bytes (${layout})`,
      { file, offset: length, expected, actual: length },
    );
  }
  if (length > expected) {
    throw new DatasetError(
      'E_OVERSIZED',
      `${file}: ${length - expected} unexpected bytes after byte offset ${expected}: expected exactly ${expected} bytes (${layout})`,
      { file, offset: expected, expected, actual: length },
    );
  }
}

/**
 * Parses an uncompressed IDX file (the MNIST family's format): magic `00 00 <type> <ndim>`, then
 * `ndim` big-endian uint32 sizes, then ∏sizes big-endian elements of the type (0x08 uint8,
 * 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64). uint8 data is a zero-copy
 * view of `bytes`; other types are decoded to native byte order. A short, long or malformed
 * file throws a {@link DatasetError} naming `opts.file`, the byte offset and what was expected
 * (see {@link idxHeader} for the header checks).
 *
 * @example
 * const { shape, data } = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])); // [2], [7, 9]
 */
export function parseIdx(bytes: Uint8Array, opts: { file?: string } = {}): IdxArray {
  const file = opts.file ?? '<bytes>';
  if (!(bytes instanceof Uint8Array)) {
    throw new DatasetError('E_INVALID_ARGUMENT', `parseIdx(${file}): bytes must be a Uint8Array`, {
      file,
    });
  }
  const header = idxHeader(bytes, file);
  if (header === undefined) {
    const ndim = bytes[3];
    const wanted = ndim === undefined ? 4 : 4 + 4 * ndim;
    throw new DatasetError(
      'E_TRUNCATED',
      ndim === undefined
        ? `${file}: truncated at byte offset ${bytes.length}: expected a 4-byte IDX magic number`
        : `${file}: truncated at byte offset ${bytes.length}: expected ${ndim} dimension sizes (a ${wanted}-byte header)`,
      { file, offset: bytes.length, expected: wanted, actual: bytes.length },
    );
  }
  checkIdxLength(header, bytes.length, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = (header.expectedBytes - header.headerBytes) / header.bytes;
  let data: IdxTypedArray;
  try {
    data = decode(view, header.headerBytes, count, header.dtype);
  } catch (error) {
    throw new DatasetError(
      'E_LIMIT',
      `${file}: cannot allocate ${count} ${header.dtype} values (${(error as Error).message})`,
      { file, expected: count, cause: error },
    );
  }
  return { dtype: header.dtype, shape: header.shape, data };
}

function decode(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxTypedArray {
  const base = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer, base, count);
    case 'int8':
      return new Int8Array(view.buffer, base, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Encodes values as an uncompressed IDX file (big-endian), the inverse of {@link parseIdx}.
 *
 * @example
 * const bytes = encodeIdx({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array([1, 2, 3, 4]) });
 */
export function encodeIdx(array: {
  dtype: IdxDtype;
  shape: readonly number[];
  data: ArrayLike<number>;
}): Uint8Array {
  const { dtype, shape, data } = array;
  const entry = Object.entries(IDX_DTYPES).find(([, t]) => t.dtype === dtype);
  if (entry === undefined) {
    throw new DatasetError('E_INVALID_ARGUMENT', `encodeIdx: unknown dtype ${String(dtype)}`, {
      option: 'dtype',
    });
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count || shape.length === 0 || shape.length > 255) {
    throw new DatasetError(
      'E_COUNT_MISMATCH',
      `encodeIdx: ${data.length} values for shape [${shape.join(', ')}] (${count} expected)`,
      { option: 'data', expected: count, actual: data.length },
    );
  }
  const size = entry[1].bytes;
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = Number(entry[0]);
  out[3] = shape.length;
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  for (let i = 0; i < count; i++) {
    const v = data[i] as number;
    const at = header + i * size;
    if (dtype === 'uint8') view.setUint8(at, v);
    else if (dtype === 'int8') view.setInt8(at, v);
    else if (dtype === 'int16') view.setInt16(at, v, false);
    else if (dtype === 'int32') view.setInt32(at, v, false);
    else if (dtype === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}
