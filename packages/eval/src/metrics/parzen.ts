import type { ImageSet } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { type EvalMetric, forImages } from '../metric';
import { parzenEstimate } from '../parzen';

/** Pixels in [−1, 1] → N×d tensor in [0, 1] (the scale of the Parzen σ grid). */
function unitScale(values: Float32Array, n: number): tf.Tensor2D {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] as number) + 1) / 2;
  return tf.tensor2d(out, [n, values.length / n]);
}

function bytesToUnit(set: ImageSet): tf.Tensor2D {
  const out = new Float32Array(set.images.length);
  for (let i = 0; i < out.length; i++) out[i] = (set.images[i] as number) / 255;
  return tf.tensor2d(out, [set.count, out.length / set.count]);
}

/**
 * Parzen-window log-likelihood of the real test images under kernels on the samples, σ chosen
 * on the validation images (Goodfellow et al.'s `parzen_ll.py` protocol).
 */
export const parzenMetric: EvalMetric<'parzen'> = {
  name: 'parzen',
  appliesTo: (subject) => forImages('parzen', subject),
  async compute(ctx) {
    const splits = await ctx.splits();
    const samples = unitScale(ctx.subject.samples, ctx.n);
    const validation = bytesToUnit(splits.validation);
    const test = bytesToUnit(splits.test);
    try {
      return await parzenEstimate({
        samples,
        validation,
        test,
        onProgress: (done, total) => ctx.progress('parzen', done, total),
      });
    } finally {
      tf.dispose([samples, validation, test]);
    }
  },
};
