import type * as tf from '@tensorflow/tfjs-core';

/** How to read D's raw output: `logit` (probability σ(output)) or `score` (an unbounded critic). */
export type DiscriminatorOutput = 'logit' | 'score';

/** Extra inputs some losses need. */
export interface LossContext {
  /** D's raw outputs on a real batch (RaGAN's and the regularised LSGAN's generator losses). */
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

/** The optimizer of a paper's training setup, with the hyper-parameters that optimizer has. */
export type PaperOptimizer =
  | { readonly optimizer: 'adam'; readonly beta1: number; readonly beta2: number }
  | { readonly optimizer: 'rmsprop'; readonly decay: number }
  | { readonly optimizer: 'sgd'; readonly momentum: number };

/**
 * The training setup of the paper a loss comes from: what a trainer uses unless a config or a
 * flag says otherwise. Both networks share `optimizer` and `lr` (every paper here uses one).
 */
export type PaperDefaults = PaperOptimizer & {
  /** Discriminator (critic) steps per generator step: Algorithm 1's k, WGAN's n_critic. */
  readonly k: number;
  /** Learning rate η of both networks. */
  readonly lr: number;
  /** WGAN's weight-clipping bound c. */
  readonly clip?: number;
  /** Penalty weight λ: WGAN-GP's gradient penalty, the regularised LSGAN's mean-gap term. */
  readonly lambda?: number;
  /** Where each number comes from (paper, algorithm or section, released code) and our choices. */
  readonly source: string;
};

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
  /** True when `generatorLoss` needs `ctx.real` (RaGAN, the regularised LSGAN). */
  readonly generatorNeedsReal: boolean;
  readonly regularizers: LossRegularizers;
  /** The training setup of the loss's paper, with its source. */
  readonly paperDefaults: PaperDefaults;
  /** The optimizer the paper pairs with this loss: `paperDefaults.optimizer`. */
  readonly recommendedOptimizer: PaperDefaults['optimizer'];
}
