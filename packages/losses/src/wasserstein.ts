import * as tf from '@tensorflow/tfjs-core';
import { R1_CHECK, R1_DEFAULT, r1Regularizer, resolveOptions } from './_options';
import { paperFields } from './_paperDefaults';
import { asVector } from './_shape';
import type { GanLoss } from './types';

function criticLoss(real: tf.Tensor, fake: tf.Tensor, name: string): tf.Scalar {
  return tf.tidy(
    () =>
      tf.sub(
        tf.mean(asVector(fake, 'fake', name)),
        tf.mean(asVector(real, 'real', name)),
      ) as tf.Scalar,
  );
}

function generatorLoss(fake: tf.Tensor, name: string): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(asVector(fake, 'fake', name))) as tf.Scalar);
}

/**
 * `wasserstein` (Arjovsky et al. 2017): the critic f minimises E f(G(z)) − E f(x) (i.e. maximises
 * E f(x) − E f(G(z)), an estimate of W₁ for a 1-Lipschitz f), kept Lipschitz by clipping every
 * weight to [−c, c] after each step (the trainer applies `regularizers.weightClip`, c = 0.01);
 * G minimises −E f(G(z)). Paired with RMSProp.
 *
 * @example
 * wassersteinLoss({ clip: 0.01 });
 */
export function wassersteinLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('wasserstein', { clip: 0.01, ...R1_DEFAULT }, options, {
    checks: { clip: [(v) => v > 0, '> 0'], ...R1_CHECK },
  });
  return {
    name: 'wasserstein',
    description: 'WGAN: critic estimates W1, weights clipped to [-c, c] (RMSProp)',
    output: 'score',
    options: o,
    discriminatorLoss: (real, fake) => criticLoss(real, fake, 'wasserstein'),
    generatorLoss: (fake) => generatorLoss(fake, 'wasserstein'),
    generatorNeedsReal: false,
    regularizers: { ...r1Regularizer(o), weightClip: { c: o.clip } },
    ...paperFields('wasserstein'),
  };
}

/**
 * `wasserstein-gp` (Gulrajani et al. 2017): the critic loss E f(G(z)) − E f(x) plus
 * λ·E(‖∇f(x̂)‖₂ − 1)² on random interpolates x̂ = εx + (1 − ε)G(z), ε ~ U[0, 1], λ = 10; no
 * clipping. The trainer adds the penalty (`regularizers.gradientPenalty`, see `gradientPenalty`);
 * `discriminatorLoss` alone is the plain critic loss. G minimises −E f(G(z)). Paired with Adam.
 *
 * @example
 * wassersteinGpLoss({ lambda: 10 });
 */
export function wassersteinGpLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('wasserstein-gp', { lambda: 10, ...R1_DEFAULT }, options, {
    checks: { lambda: [(v) => v >= 0, '>= 0'], ...R1_CHECK },
  });
  return {
    name: 'wasserstein-gp',
    description:
      'WGAN-GP: critic estimates W1 with a gradient penalty lambda E(|grad f(x^)| - 1)^2',
    output: 'score',
    options: o,
    discriminatorLoss: (real, fake) => criticLoss(real, fake, 'wasserstein-gp'),
    generatorLoss: (fake) => generatorLoss(fake, 'wasserstein-gp'),
    generatorNeedsReal: false,
    regularizers: { ...r1Regularizer(o), gradientPenalty: { lambda: o.lambda } },
    ...paperFields('wasserstein-gp'),
  };
}
