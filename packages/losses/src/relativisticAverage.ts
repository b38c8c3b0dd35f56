import { softplus } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireReal } from './_context';
import { R1_CHECK, R1_DEFAULT, r1Regularizer, resolveOptions } from './_options';
import { paperFields } from './_paperDefaults';
import { asVector } from './_shape';
import type { GanLoss } from './types';

/**
 * `relativistic-average` (RaGAN, Jolicoeur-Martineau 2018), log-loss form, on logits r, f:
 * D: −E log σ(r − E f) − E log(1 − σ(f − E r)) = E softplus(−(r − E f)) + E softplus(f − E r);
 * G: −E log σ(f − E r) − E log(1 − σ(r − E f)) = E softplus(−(f − E r)) + E softplus(r − E f),
 * so G needs D's outputs on real data too (`ctx.real`). The means are batch means.
 *
 * A free D has no pointwise optimum: the loss is convex and unchanged by D + const, and its
 * minimisers satisfy, with m_d = E_{p_data} D, m_g = E_{p_g} D, A = E_{p_g} σ(D − m_d),
 * B = E_{p_data} σ(m_g − D), the coupled fixed point
 * p_data(x)/p_g(x) = (σ(D(x) − m_d) + B)/(σ(m_g − D(x)) + A), so D* increases with
 * p_data/p_g (as in the minimax game); at p_g = p_data it is constant with loss 2·log 2.
 *
 * @example
 * relativisticAverageLoss().generatorLoss(fakeOut, { real: realOut });
 */
export function relativisticAverageLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('relativistic-average', R1_DEFAULT, options, { checks: R1_CHECK });
  const name = 'relativistic-average';
  /** E softplus(−(w − E l)) + E softplus(l − E w): "w looks more real than the average l". */
  const pair = (winner: tf.Tensor, loser: tf.Tensor) =>
    tf.add(
      tf.mean(softplus(tf.neg(tf.sub(winner, tf.mean(loser))))),
      tf.mean(softplus(tf.sub(loser, tf.mean(winner)))),
    ) as tf.Scalar;
  return {
    name,
    description:
      'RaGAN: D judges whether real data is more realistic than the average fake (log loss)',
    output: 'logit',
    options: o,
    discriminatorLoss: (real, fake) =>
      tf.tidy(() => pair(asVector(real, 'real', name), asVector(fake, 'fake', name))),
    generatorLoss: (fake, ctx) =>
      tf.tidy(() =>
        pair(asVector(fake, 'fake', name), asVector(requireReal(ctx, name), 'ctx.real', name)),
      ),
    generatorNeedsReal: true,
    regularizers: r1Regularizer(o),
    ...paperFields(name),
  };
}
