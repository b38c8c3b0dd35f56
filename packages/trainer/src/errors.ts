import { gantryErrorClass } from '@gantry/core';

/** Codes thrown by `@gantry/trainer`. */
export type TrainerErrorCode =
  | 'E_BAD_CONFIG'
  | 'E_NONFINITE_LOSS'
  | 'E_CHECKPOINT'
  | 'E_RESUME'
  | 'E_RUN_RECORD'
  | 'E_DATA'
  | 'E_NO_SPACE'
  | 'E_FILE_SYSTEM';

/** Training could not start, continue or be resumed; the message says what and where. */
export class TrainerError extends gantryErrorClass<TrainerErrorCode>('TrainerError', [
  'E_BAD_CONFIG',
]) {}
