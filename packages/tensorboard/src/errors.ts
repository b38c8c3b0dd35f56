/** Codes thrown by `@gantry/tensorboard`. */
export type TensorboardErrorCode =
  /** A record's length or data does not match its masked CRC32C, or a length is impossible. */
  | 'E_CORRUPT_RECORD'
  /** The file ends inside a record (a writer was killed mid-write, or the file was cut). */
  | 'E_TRUNCATED_RECORD'
  /** A record's payload is not a valid `Event` protobuf. */
  | 'E_BAD_EVENT'
  /** An image is not a PNG, or a value the format cannot hold (a step that is not an integer). */
  | 'E_BAD_VALUE'
  /** An event file could not be opened, written or read. */
  | 'E_FILE_SYSTEM';

const USAGE_CODES: ReadonlySet<string> = new Set(['E_BAD_VALUE']);

/**
 * The error of `@gantry/tensorboard`, shaped as `@gantry/core`'s `GantryError` (`code`, `kind`,
 * `details` naming the file and byte offset, `cause`), so `isGantryError` and the CLI's exit codes
 * treat it as one, without depending on `@gantry/core`, whose entry imports tfjs-core: this
 * package does not need TensorFlow.js.
 *
 * @example
 * try { parseRecords(bytes, 'events.out.tfevents.1'); } catch (e) { if (e instanceof TensorboardError) console.log(e.details.offset); }
 */
export class TensorboardError extends Error {
  /** Stable identifier of the failure. */
  readonly code: TensorboardErrorCode;
  /** `usage` (the caller passed something invalid) or `failure` (could not be done). */
  readonly kind: 'usage' | 'failure';
  /** The file, byte offset or value at fault. */
  readonly details: Readonly<{
    option?: string;
    file?: string;
    offset?: number;
    [key: string]: unknown;
  }>;

  constructor(
    code: TensorboardErrorCode,
    message: string,
    details: { option?: string; file?: string; offset?: number; [key: string]: unknown } = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TensorboardError';
    this.code = code;
    this.kind = USAGE_CODES.has(code) ? 'usage' : 'failure';
    this.details = Object.freeze({ ...details });
  }
}
