import * as tf from '@tensorflow/tfjs-core';

/**
 * dy of a reduction of x over `axis`, reshaped with 1 at the reduced axes, divided by `divisor`
 * (Mean) and tiled back to x's shape: one Tile kernel (C++ on the native backend).
 */
function spread(dy: tf.Tensor, x: tf.Tensor, axis: number | number[], divisor?: number) {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const expanded = x.shape.map((s, i) => (axes.includes(i) ? 1 : s));
  const reps = x.shape.map((s, i) => (axes.includes(i) ? s : 1));
  const d = tf.reshape(dy, expanded);
  const scaled = divisor === undefined ? d : tf.div(d, divisor);
  return reps.every((r) => r === 1) ? scaled : tf.tile(scaled, reps);
}

/** The gradient config of Sum or Mean (`divide`: by the reduced size n, for Mean). */
function reduceGradConfig(kernelName: string, divide: boolean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { axis } = attrs as unknown as tf.SumAttrs;
      const axes = tf.util.parseAxisParam(axis, x.shape);
      const n = axes.reduce((p, a) => p * (x.shape[a] as number), 1);
      return { x: () => spread(dy as tf.Tensor, x, axis, divide ? n : undefined) };
    },
  };
}

/**
 * The gradient of sum(x, axis): dy broadcast back to x's shape, as one Tile. tfjs-core's
 * multiplies dy by a ones tensor of x's size that it fills in a JavaScript loop (on one core,
 * ~11 ms per DCGAN step for the batch-norm moments), then runs a full-size Multiply. Same
 * values: dy·1 = dy.
 */
export const sumGradConfig = reduceGradConfig(tf.Sum, false);

/**
 * The gradient of mean(x, axis): dy / n broadcast back to x's shape (n the reduced size), as
 * one RealDiv on dy and one Tile; tfjs-core's divides a full-size dy·ones (see
 * {@link sumGradConfig}) by n: the same float32 value per entry.
 */
export const meanGradConfig = reduceGradConfig(tf.Mean, true);
