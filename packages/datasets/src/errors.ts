import { type ErrorKinds, GantryError, type GantryErrorDetails } from '@gantry/core';

const DATASET_ERROR_KINDS = {
  E_INVALID_ARGUMENT: 'usage',
  E_UNKNOWN_NAME: 'usage',
  E_FORMAT: 'failure',
  E_TRUNCATED: 'failure',
  E_OVERSIZED: 'failure',
  E_COUNT_MISMATCH: 'failure',
  E_LABEL_RANGE: 'failure',
  E_NOT_FOUND: 'failure',
  E_DECODE: 'failure',
  E_EMPTY: 'failure',
  E_HTTP: 'failure',
  E_NETWORK: 'failure',
  E_CHECKSUM: 'failure',
  E_STATE: 'failure',
} as const satisfies ErrorKinds;

/** Codes thrown by `@gantry/datasets` on bad input, bad files and failed downloads. */
export type DatasetErrorCode = keyof typeof DATASET_ERROR_KINDS;

/**
 * A dataset, file or download failed; `details` names the file, byte offset, option or URL at
 * fault and what was expected.
 *
 * @example
 * try { parseIdx(bytes, { file: 'x.idx' }); } catch (e) { if (isGantryError(e, 'E_TRUNCATED')) console.log(e.details.offset); }
 */
export class DatasetError extends GantryError<DatasetErrorCode> {
  constructor(
    code: DatasetErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    // Callers written before the `cause` argument pass it as `details.cause` (the readers and
    // downloads); it is lifted out so that `cause` is always the error's own.
    const { cause: legacy, ...rest } = details as GantryErrorDetails & { cause?: unknown };
    super(code, message, {
      details: rest,
      cause: cause ?? legacy,
      kind: DATASET_ERROR_KINDS[code],
    });
    this.name = 'DatasetError';
  }
}
