import * as tf from '@tensorflow/tfjs-core';
import { R1_CHECK, R1_DEFAULT, r1Regularizer, resolveOptions } from './_options';
import { asVector } from './_shape';
import type { GanLoss } from './types';

const LS_DEFAULTS = { a: 0, b: 1, c: 1, ...R1_DEFAULT };
const LS_CHECKS = { ...R1_CHECK };

/** ½E(r − b)² + ½E(f − a)²: the least-squares discriminator loss on raw scores. */
export function lsDiscriminator(
  real: tf.Tensor,
  fake: tf.Tensor,
  a: number,
  b: number,
  name: string,
): tf.Scalar {
  return tf.tidy(() => {
    const r = asVector(real, 'real', name);
    const f = asVector(fake, 'fake', name);
    return tf.mul(
      tf.add(tf.mean(tf.square(tf.sub(r, b))), tf.mean(tf.square(tf.sub(f, a)))),
      0.5,
    ) as tf.Scalar;
  });
}

/** ½E(f − c)²: the least-squares generator loss. */
export function lsGenerator(fake: tf.Tensor, c: number, name: string): tf.Scalar {
  return tf.tidy(
    () => tf.mul(tf.mean(tf.square(tf.sub(asVector(fake, 'fake', name), c))), 0.5) as tf.Scalar,
  );
}

function build(name: string, description: string, o: typeof LS_DEFAULTS): GanLoss {
  return {
    name,
    description,
    output: 'score',
    options: o,
    discriminatorLoss: (real, fake) => lsDiscriminator(real, fake, o.a, o.b, name),
    generatorLoss: (fake) => lsGenerator(fake, o.c, name),
    generatorNeedsReal: false,
    regularizers: r1Regularizer(o),
    recommendedOptimizer: 'adam',
  };
}

/**
 * `least-squares` (Mao et al. 2017) with codes a (fake), b (real), c (what G wants D to say):
 * D: ½E(D(x) − b)² + ½E(D(G(z)) − a)²;  G: ½E(D(G(z)) − c)². For a free D the optimum is
 * D*(x) = (b·p_data + a·p_g) / (p_data + p_g).
 *
 * @example
 * leastSquaresLoss({ a: -1, b: 1, c: 0 });
 */
export function leastSquaresLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('least-squares', LS_DEFAULTS, options, LS_CHECKS);
  return build('least-squares', 'LSGAN with codes a (fake), b (real), c (generator target)', o);
}

/** `lsgan`: least squares with (a, b, c) = (0, 1, 1), the codes Mao et al. use in practice. */
export function lsganLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('lsgan', R1_DEFAULT, options, R1_CHECK);
  return build('lsgan', 'least squares with (a, b, c) = (0, 1, 1)', { ...o, a: 0, b: 1, c: 1 });
}

/**
 * `lsgan-chi2`: least squares with (a, b, c) = (−1, 1, 0), so b − c = 1 and b − a = 2. Then
 * D* = (p_data − p_g)/(p_data + p_g) and, at D*, ½E_{p_data}(D* − c)² + ½E_{p_g}(D* − c)²
 * = ½Σ (p_data − p_g)²/(p_data + p_g) = χ²(p_g ‖ (p_data + p_g)/2) — Mao et al.'s
 * ½χ²_Pearson(p_data + p_g ‖ 2p_g), written with core's `pearsonChi2(p, q) = Σ (p − q)²/q`.
 */
export function lsganChi2Loss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('lsgan-chi2', R1_DEFAULT, options, R1_CHECK);
  return build(
    'lsgan-chi2',
    'least squares with (a, b, c) = (-1, 1, 0): minimises a Pearson chi^2',
    {
      ...o,
      a: -1,
      b: 1,
      c: 0,
    },
  );
}

/**
 * `regularized-least-squares`, the slides' proposal: LSGAN plus λ·(E D(G(z)) − E D(x))² on the
 * discriminator, which penalises D for pulling its mean outputs apart and so keeps its scores
 * from running away from the codes; G as in least squares. Default λ = 1, the weight of the
 * least-squares terms themselves (the slides leave it open).
 *
 * @example
 * regularizedLeastSquaresLoss({ lambda: 0.5 });
 */
export function regularizedLeastSquaresLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('regularized-least-squares', { ...LS_DEFAULTS, lambda: 1 }, options, {
    ...LS_CHECKS,
    lambda: [(v) => v >= 0, '>= 0'],
  });
  const name = 'regularized-least-squares';
  return {
    ...build(name, "LSGAN + lambda (E D(G(z)) - E D(x))^2 on D (the slides' proposal)", o),
    discriminatorLoss: (real, fake) =>
      tf.tidy(() => {
        const gap = tf.sub(
          tf.mean(asVector(fake, 'fake', name)),
          tf.mean(asVector(real, 'real', name)),
        );
        return tf.add(
          lsDiscriminator(real, fake, o.a, o.b, name),
          tf.mul(tf.square(gap), o.lambda),
        ) as tf.Scalar;
      }),
  };
}
