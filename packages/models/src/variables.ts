import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** The tf.Variables behind a model's trainable weights, in the model's (stable) order. */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** The tf.Variables behind all of a model's weights (trainable, then e.g. batch-norm statistics). */
export function allVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.weights.map((w) => w.read() as tf.Variable);
}
