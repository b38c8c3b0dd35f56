import { GantryError } from '@gantry/core';

/** Codes thrown by `@gantry/trainer`. */
export type TrainerErrorCode =
  | 'E_BAD_CONFIG'
  | 'E_NONFINITE_LOSS'
  | 'E_CHECKPOINT'
  | 'E_RESUME'
  | 'E_DATA';

/** Training could not start, continue or be resumed; the message says what and where. */
export class TrainerError extends GantryError<TrainerErrorCode> {
  constructor(
    code: TrainerErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
    this.name = 'TrainerError';
  }
}
