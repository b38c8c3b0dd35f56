import { maskedCrc32c } from './crc';
import { TensorboardError } from './errors';

/**
 * The TFRecord framing of an event file (tensorflow/tsl/lib/io/record_writer.cc; TensorBoard's
 * tensorboard/summary/writer/record_writer.py), all integers little-endian:
 *
 * ```
 * uint64  length
 * uint32  masked CRC32C of the 8 length bytes
 * byte    data[length]
 * uint32  masked CRC32C of data
 * ```
 */
const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;

/** Records larger than this are refused as corrupt (TensorFlow itself caps reads far lower). */
const MAX_RECORD_BYTES = 2 ** 31;

/**
 * One record framed for an event file: length, its masked CRC, the payload, its masked CRC.
 *
 * @example
 * const bytes = frameRecord(encodeEvent({ wallTime: 0, step: 0, fileVersion: 'brain.Event:2' }));
 */
export function frameRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length + FOOTER_BYTES);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(payload.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(payload, HEADER_BYTES);
  view.setUint32(HEADER_BYTES + payload.length, maskedCrc32c(payload), true);
  return out;
}

/** One record read back: where it starts in the file, its payload and where the next begins. */
export interface RecordSpan {
  /** Byte offset of the record's length field. */
  offset: number;
  /** Byte offset just past the record's data CRC. */
  end: number;
  data: Uint8Array;
}

/** What {@link parseRecords} found. */
export interface ParsedRecords {
  records: RecordSpan[];
  /**
   * With `allowTruncatedTail`: the offset of an incomplete last record (a writer killed mid-write);
   * undefined when the file ends on a record boundary.
   */
  truncatedAt?: number;
}

/**
 * Splits an event file's bytes into records, checking the framing: every length against its
 * masked CRC32C, every payload against its own. A mismatch is a `TensorboardError`
 * `E_CORRUPT_RECORD` naming `file` and the byte offset; a file that ends inside a record is
 * `E_TRUNCATED_RECORD`, or, with `allowTruncatedTail`, reported in `truncatedAt` (what a reader
 * of a file being written sees; TensorBoard waits for the rest).
 *
 * @example
 * const { records } = parseRecords(bytes, { file: 'events.out.tfevents.1700000000.host.1.0' });
 */
export function parseRecords(
  bytes: Uint8Array,
  options: { file?: string; allowTruncatedTail?: boolean } = {},
): ParsedRecords {
  const file = options.file ?? '(bytes)';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: RecordSpan[] = [];
  let offset = 0;
  const truncated = (what: string): ParsedRecords => {
    if (options.allowTruncatedTail) return { records, truncatedAt: offset };
    throw new TensorboardError(
      'E_TRUNCATED_RECORD',
      `${file}: the file ends inside the ${what} of the record at byte ${offset} (${bytes.length} bytes in all)`,
      { file, offset },
    );
  };
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER_BYTES) return truncated('header');
    const length = view.getBigUint64(offset, true);
    const lengthCrc = view.getUint32(offset + 8, true);
    if (maskedCrc32c(bytes.subarray(offset, offset + 8)) !== lengthCrc) {
      throw new TensorboardError(
        'E_CORRUPT_RECORD',
        `${file}: the length of the record at byte ${offset} does not match its CRC32C`,
        { file, offset },
      );
    }
    if (length > BigInt(MAX_RECORD_BYTES)) {
      throw new TensorboardError(
        'E_CORRUPT_RECORD',
        `${file}: the record at byte ${offset} claims ${length} bytes (more than ${MAX_RECORD_BYTES})`,
        { file, offset },
      );
    }
    const start = offset + HEADER_BYTES;
    const end = start + Number(length) + FOOTER_BYTES;
    if (end > bytes.length) return truncated('data');
    const data = bytes.subarray(start, end - FOOTER_BYTES);
    if (maskedCrc32c(data) !== view.getUint32(end - FOOTER_BYTES, true)) {
      throw new TensorboardError(
        'E_CORRUPT_RECORD',
        `${file}: the data of the record at byte ${offset} (${data.length} bytes from byte ${start}) does not match its CRC32C`,
        { file, offset: start },
      );
    }
    records.push({ offset, end, data });
    offset = end;
  }
  return { records };
}
