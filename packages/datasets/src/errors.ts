import { type GantryErrorDetails, gantryErrorClass } from '@gantry/core';

/** Codes thrown by `@gantry/datasets` on bad input, bad files and failed downloads. */
export type DatasetErrorCode =
  | 'E_INVALID_ARGUMENT'
  | 'E_UNKNOWN_NAME'
  | 'E_FORMAT'
  | 'E_TRUNCATED'
  | 'E_OVERSIZED'
  | 'E_COUNT_MISMATCH'
  | 'E_LABEL_RANGE'
  | 'E_NOT_FOUND'
  | 'E_DECODE'
  | 'E_EMPTY'
  | 'E_HTTP'
  | 'E_NETWORK'
  | 'E_CHECKSUM'
  | 'E_STATE'
  | 'E_NOT_A_FILE'
  | 'E_LIMIT'
  | 'E_TIMEOUT'
  | 'E_NO_SPACE'
  | 'E_FILE_SYSTEM';

/**
 * A dataset, file or download failed; `details` names the file, byte offset, option or URL at
 * fault and what was expected.
 *
 * @example
 * try { parseIdx(bytes, { file: 'x.idx' }); } catch (e) { if (isGantryError(e, 'E_TRUNCATED')) console.log(e.details.offset); }
 */
export class DatasetError extends gantryErrorClass<DatasetErrorCode>('DatasetError', [
  'E_INVALID_ARGUMENT',
  'E_UNKNOWN_NAME',
]) {
  constructor(
    code: DatasetErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    // Callers written before the `cause` argument pass it as `details.cause` (the readers and
    // downloads); it is lifted out so that `cause` is always the error's own.
    const { cause: legacy, ...rest } = details as GantryErrorDetails & { cause?: unknown };
    super(code, message, rest, cause ?? legacy);
  }
}
