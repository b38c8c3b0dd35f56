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
  | 'E_FILE_SYSTEM'
  | 'E_BAD_SWEEP'
  | 'E_SWEEP'
  | 'E_SWEEP_JOB'
  | 'E_QUEUE';

/**
 * Training could not start, continue or be resumed, or a sweep could not run; the message says
 * what and where. `E_BAD_CONFIG` and `E_BAD_SWEEP` (a sweep file or a sweep flag at fault) are
 * usage errors; `E_SWEEP` (the sweep folder), `E_SWEEP_JOB` (a job's process) and `E_QUEUE`
 * (Redis unreachable or lost) are failures.
 */
export class TrainerError extends gantryErrorClass<TrainerErrorCode>('TrainerError', [
  'E_BAD_CONFIG',
  'E_BAD_SWEEP',
]) {}
