import * as tf from '@tensorflow/tfjs-core';
import { R1_CHECK, R1_DEFAULT, r1Regularizer, resolveOptions } from './_options';
import { paperFields } from './_paperDefaults';
import { asVector } from './_shape';
import type { GanLoss } from './types';

/**
 * `hinge` (Lim & Ye 2017; Miyato et al. 2018): D: E relu(1 − D(x)) + E relu(1 + D(G(z)));
 * G: −E D(G(z)). For a free D the optimum is D*(x) = sign(p_data − p_g) (±1 at the margins).
 *
 * @example
 * hingeLoss().discriminatorLoss(tf.tensor1d([2]), tf.tensor1d([-2])); // 0
 */
export function hingeLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('hinge', R1_DEFAULT, options, { checks: R1_CHECK });
  return {
    name: 'hinge',
    description: 'hinge: D pushes real scores above 1 and fake below -1; G raises D(G(z))',
    output: 'score',
    options: o,
    discriminatorLoss: (real, fake) =>
      tf.tidy(() => {
        const r = asVector(real, 'real', 'hinge');
        const f = asVector(fake, 'fake', 'hinge');
        return tf.add(tf.mean(tf.relu(tf.sub(1, r))), tf.mean(tf.relu(tf.add(1, f)))) as tf.Scalar;
      }),
    generatorLoss: (fake) =>
      tf.tidy(() => tf.neg(tf.mean(asVector(fake, 'fake', 'hinge'))) as tf.Scalar),
    generatorNeedsReal: false,
    regularizers: r1Regularizer(o),
    ...paperFields('hinge'),
  };
}
