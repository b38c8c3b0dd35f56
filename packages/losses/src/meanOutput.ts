import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorOutput } from './types';

/**
 * The mean of D's raw outputs as the notes read it, as a scalar tensor the caller disposes:
 * E σ(logit) for `logit` outputs (a probability, ½ at the optimum of the minimax game),
 * E output for `score` outputs (an unbounded critic's mean score). Differentiable.
 *
 * @example
 * meanDiscriminatorOutput(tf.tensor1d([0, 0]), 'logit').dataSync()[0]; // 0.5
 */
export function meanDiscriminatorOutput(outputs: tf.Tensor, kind: DiscriminatorOutput): tf.Scalar {
  return tf.tidy(
    () => (kind === 'logit' ? tf.mean(tf.sigmoid(outputs)) : tf.mean(outputs)) as tf.Scalar,
  );
}
