import { gantryErrorClass } from '@gantry/core';

/** Codes thrown by `@gantry/models`. */
export type ModelErrorCode = 'E_UNKNOWN_MODEL' | 'E_BAD_MODEL_OPTION' | 'E_BAD_MODEL_FILE';

/** A model was asked for with bad options, or a saved model could not be read. */
export class ModelError extends gantryErrorClass<ModelErrorCode>('ModelError', [
  'E_UNKNOWN_MODEL',
  'E_BAD_MODEL_OPTION',
]) {}
