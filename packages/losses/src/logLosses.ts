import { logSigmoid, softplus } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { type OptionRules, R1_CHECK, R1_DEFAULT, r1Regularizer, resolveOptions } from './_options';
import { paperFields } from './_paperDefaults';
import { asVector } from './_shape';
import type { GanLoss } from './types';

/**
 * The discriminator loss of the original GAN, on logits r = D(x), f = D(G(z)) with
 * D = σ(logit): −E[(1 − ε)·log σ(r) + ε·log(1 − σ(r))] − E[log(1 − σ(f))]
 * = E[(1 − ε)·softplus(−r) + ε·softplus(r)] + E[softplus(f)].
 * ε is one-sided label smoothing (real target 1 − ε, Salimans et al. 2016); it moves the
 * optimum to D*(x) = (1 − ε)·p_data / (p_data + p_g), so D no longer saturates at 1 on data.
 * TF-GAN's `label_smoothing` ls targets 1 − ls/2 (its default 0.25 is our ε = 0.125); option
 * `tfganLabelSmoothing` takes ls and sets ε = ls/2.
 */
function logDiscriminatorLoss(name: string, smoothing: number) {
  return (real: tf.Tensor, fake: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const r = asVector(real, 'real', name);
      const f = asVector(fake, 'fake', name);
      const realTerm =
        smoothing === 0
          ? softplus(tf.neg(r))
          : tf.add(tf.mul(softplus(tf.neg(r)), 1 - smoothing), tf.mul(softplus(r), smoothing));
      return tf.add(tf.mean(realTerm), tf.mean(softplus(f))) as tf.Scalar;
    });
}

const LOG_DEFAULTS = { labelSmoothing: 0, ...R1_DEFAULT };
const LOG_RULES: OptionRules<typeof LOG_DEFAULTS> = {
  checks: { labelSmoothing: [(v) => v >= 0 && v < 0.5, 'in [0, 0.5)'], ...R1_CHECK },
  aliases: {
    // TF-GAN's label_smoothing ls (tf.losses.sigmoid_cross_entropy smooths labels towards ½:
    // 1·(1 − ls) + ½·ls) targets 1 − ls/2 on real data: our ε = ls/2.
    tfganLabelSmoothing: {
      option: 'labelSmoothing',
      check: [(v) => v >= 0 && v < 1, 'in [0, 1)'],
      convert: (ls) => ls / 2,
    },
  },
};

/**
 * `minimax`, the game as written in Goodfellow et al. (2014):
 * D: −E log D(x) − E log(1 − D(G(z)));  G: E log(1 − D(G(z))) = −E softplus(f) (saturating:
 * its gradient vanishes when D confidently rejects the fakes).
 *
 * @example
 * const loss = minimaxLoss();
 * loss.generatorLoss(tf.tensor1d([-10])); // ≈ -4.5e-5
 */
export function minimaxLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('minimax', LOG_DEFAULTS, options, LOG_RULES);
  return {
    name: 'minimax',
    description:
      'the original game: D maximises log D(x) + log(1 - D(G(z))), G minimises it (saturates)',
    output: 'logit',
    options: o,
    discriminatorLoss: logDiscriminatorLoss('minimax', o.labelSmoothing),
    generatorLoss: (fake) =>
      tf.tidy(() => tf.neg(tf.mean(softplus(asVector(fake, 'fake', 'minimax')))) as tf.Scalar),
    generatorNeedsReal: false,
    regularizers: r1Regularizer(o),
    ...paperFields('minimax'),
  };
}

/**
 * `non-saturating`, the generator objective Goodfellow et al. recommend in practice:
 * D as in minimax; G: −E log D(G(z)) = E softplus(−f), whose gradient stays ≈ 1 where D(G(z)) → 0.
 *
 * @example
 * nonSaturatingLoss().generatorLoss(tf.tensor1d([-10])); // ≈ 10
 */
export function nonSaturatingLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('non-saturating', LOG_DEFAULTS, options, LOG_RULES);
  return {
    name: 'non-saturating',
    description: 'minimax D; G maximises log D(G(z)) instead (strong gradients early on)',
    output: 'logit',
    options: o,
    discriminatorLoss: logDiscriminatorLoss('non-saturating', o.labelSmoothing),
    generatorLoss: (fake) =>
      tf.tidy(
        () => tf.neg(tf.mean(logSigmoid(asVector(fake, 'fake', 'non-saturating')))) as tf.Scalar,
      ),
    generatorNeedsReal: false,
    regularizers: r1Regularizer(o),
    ...paperFields('non-saturating'),
  };
}
