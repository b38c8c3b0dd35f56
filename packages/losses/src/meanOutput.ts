import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorOutput } from './types';

/**
 * The mean of D's raw outputs as the notes read it: E σ(logit) for log losses (a probability,
 * ½ at the optimum), the raw mean score otherwise.
 *
 * @example
 * meanDiscriminatorOutput(tf.tensor1d([0, 0]), 'logit'); // 0.5
 */
export function meanDiscriminatorOutput(outputs: tf.Tensor, kind: DiscriminatorOutput): number {
  return tf.tidy(
    () =>
      (kind === 'logit' ? tf.mean(tf.sigmoid(outputs)) : tf.mean(outputs)).dataSync()[0] as number,
  );
}
