import * as tf from '@tensorflow/tfjs-core';
import { LossError } from './errors';

/** Checks that D's outputs have shape [N] or [N, 1] with N ≥ 1 and returns them as [N]. */
export function asVector(outputs: tf.Tensor, argument: string, loss: string): tf.Tensor1D {
  const ok =
    (outputs.rank === 1 || (outputs.rank === 2 && outputs.shape[1] === 1)) &&
    (outputs.shape[0] ?? 0) > 0;
  if (!ok) {
    throw new LossError(
      'E_SHAPE',
      `${loss}: ${argument} must be D's outputs of shape [N] or [N, 1] with N >= 1, got [${outputs.shape.join(', ')}]`,
      { loss, option: argument, shape: outputs.shape },
    );
  }
  return tf.reshape(outputs, [-1]) as tf.Tensor1D;
}
