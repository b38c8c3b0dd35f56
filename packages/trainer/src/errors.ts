import { type ErrorKinds, GantryError, type GantryErrorDetails } from '@gantry/core';

const TRAINER_ERROR_KINDS = {
  E_BAD_CONFIG: 'usage',
  E_NONFINITE_LOSS: 'failure',
  E_CHECKPOINT: 'failure',
  E_RESUME: 'failure',
  E_RUN_RECORD: 'failure',
  E_DATA: 'failure',
} as const satisfies ErrorKinds;

/** Codes thrown by `@gantry/trainer`. */
export type TrainerErrorCode = keyof typeof TRAINER_ERROR_KINDS;

/** Training could not start, continue or be resumed; the message says what and where. */
export class TrainerError extends GantryError<TrainerErrorCode> {
  constructor(
    code: TrainerErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    super(code, message, { details, cause, kind: TRAINER_ERROR_KINDS[code] });
    this.name = 'TrainerError';
  }
}
