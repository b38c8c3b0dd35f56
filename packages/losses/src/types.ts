import type * as tf from '@tensorflow/tfjs-core';

/** How to read D's raw output: `logit` (probability σ(output)) or `score` (an unbounded critic). */
export type DiscriminatorOutput = 'logit' | 'score';

/** Extra inputs some losses need. */
export interface LossContext {
  /** D's raw outputs on the real batch (the relativistic generator loss compares against them). */
  real?: tf.Tensor;
}

/** What the trainer applies around the plain losses. */
export interface LossRegularizers {
  /** WGAN-GP: add `gradientPenalty(critic, real, fake, { lambda })` to the D loss. */
  gradientPenalty?: { lambda: number };
  /** Add `r1Penalty(discriminator, real, { gamma })` to the D loss. */
  r1?: { gamma: number };
  /** WGAN: `clipWeights(D's variables, c)` after each D step. */
  weightClip?: { c: number };
}

/** A GAN objective as a pair of pure functions of D's raw outputs. */
export interface GanLoss {
  /** Registry key, e.g. `wasserstein-gp`. */
  readonly name: string;
  /** One line for `gantry losses`. */
  readonly description: string;
  readonly output: DiscriminatorOutput;
  /** Resolved options (a, b, c, lambda, labelSmoothing, …). */
  readonly options: Readonly<Record<string, number>>;
  /** The discriminator's loss on raw outputs `real` = D(x) and `fake` = D(G(z)), shapes [N] or [N, 1]. */
  discriminatorLoss(real: tf.Tensor, fake: tf.Tensor, ctx?: LossContext): tf.Scalar;
  /** The generator's loss on `fake` = D(G(z)). */
  generatorLoss(fake: tf.Tensor, ctx?: LossContext): tf.Scalar;
  /** True when `generatorLoss` needs `ctx.real` (relativistic losses). */
  readonly generatorNeedsReal: boolean;
  readonly regularizers: LossRegularizers;
  /** The optimizer the papers pair with this loss. */
  readonly recommendedOptimizer: 'adam' | 'rmsprop' | 'sgd';
}
