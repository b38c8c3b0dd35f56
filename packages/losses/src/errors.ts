import { type ErrorKinds, GantryError, type GantryErrorDetails } from '@gantry/core';

const LOSS_ERROR_KINDS = {
  E_UNKNOWN_LOSS: 'usage',
  E_UNKNOWN_OPTION: 'usage',
  E_BAD_OPTION: 'usage',
  E_SHAPE: 'failure',
  E_MISSING_CONTEXT: 'failure',
} as const satisfies ErrorKinds;

/** Codes thrown by `@gantry/losses`. */
export type LossErrorCode = keyof typeof LOSS_ERROR_KINDS;

/**
 * A loss was asked for by an unknown name or with bad options, or called on badly shaped outputs
 * or without the context it needs; `details` names the loss, option or argument at fault.
 *
 * @example
 * try { getLoss('wgan'); } catch (e) { if (isGantryError(e, 'E_UNKNOWN_LOSS')) console.log(e.message); }
 */
export class LossError extends GantryError<LossErrorCode> {
  constructor(
    code: LossErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    super(code, message, { details, cause, kind: LOSS_ERROR_KINDS[code] });
    this.name = 'LossError';
  }
}
