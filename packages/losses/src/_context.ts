import type * as tf from '@tensorflow/tfjs-core';
import { LossError } from './errors';
import type { LossContext } from './types';

/** `ctx.real` (D's outputs on a real batch) for a generator loss that needs it, else E_MISSING_CONTEXT. */
export function requireReal(ctx: LossContext | undefined, loss: string): tf.Tensor {
  if (!ctx?.real) {
    throw new LossError(
      'E_MISSING_CONTEXT',
      `${loss}: generatorLoss needs ctx.real, D's outputs on a real batch (shape [N] or [N, 1])`,
      { loss, option: 'ctx.real' },
    );
  }
  return ctx.real;
}
