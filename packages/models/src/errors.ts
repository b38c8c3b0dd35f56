import { type ErrorKinds, GantryError, type GantryErrorDetails } from '@gantry/core';

const MODEL_ERROR_KINDS = {
  E_UNKNOWN_MODEL: 'usage',
  E_BAD_MODEL_OPTION: 'usage',
  E_BAD_MODEL_FILE: 'failure',
} as const satisfies ErrorKinds;

/** Codes thrown by `@gantry/models`. */
export type ModelErrorCode = keyof typeof MODEL_ERROR_KINDS;

/** A model was asked for with bad options, or a saved model could not be read. */
export class ModelError extends GantryError<ModelErrorCode> {
  constructor(
    code: ModelErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    super(code, message, { details, cause, kind: MODEL_ERROR_KINDS[code] });
    this.name = 'ModelError';
  }
}
