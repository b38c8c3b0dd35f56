import { GantryError } from '@gantry/core';

/** Codes thrown by `@gantry/losses`. */
export type LossErrorCode = 'E_UNKNOWN_LOSS' | 'E_UNKNOWN_OPTION' | 'E_BAD_OPTION' | 'E_SHAPE';

/** A loss was asked for by an unknown name, with bad options, or on badly shaped outputs. */
export class LossError extends GantryError<LossErrorCode> {
  constructor(code: LossErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
    this.name = 'LossError';
  }
}
