import { gantryErrorClass } from '@gantry/core';

/** Codes thrown by `@gantry/losses`. */
export type LossErrorCode =
  | 'E_UNKNOWN_LOSS'
  | 'E_UNKNOWN_OPTION'
  | 'E_BAD_OPTION'
  | 'E_SHAPE'
  | 'E_MISSING_CONTEXT';

/**
 * A loss was asked for by an unknown name or with bad options, or called on badly shaped outputs
 * or without the context it needs; `details` names the loss, option or argument at fault.
 *
 * @example
 * try { getLoss('wgan'); } catch (e) { if (isGantryError(e, 'E_UNKNOWN_LOSS')) console.log(e.message); }
 */
export class LossError extends gantryErrorClass<LossErrorCode>('LossError', [
  'E_UNKNOWN_LOSS',
  'E_UNKNOWN_OPTION',
  'E_BAD_OPTION',
]) {}
