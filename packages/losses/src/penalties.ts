import type { Rng } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { LossError } from './errors';
import { ensureSecondOrderGradients } from './secondOrder';

/** Per-sample squared gradient norms ‖∇ₓ Σ D(x)‖² over all non-batch axes (x is [N, …]). */
function squaredGradNorms(d: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor1D {
  const grad = tf.grad((input: tf.Tensor) => tf.sum(d(input)))(x);
  const axes = grad.shape.map((_, i) => i).slice(1);
  return (axes.length ? tf.sum(tf.square(grad), axes) : tf.square(grad)) as tf.Tensor1D;
}

function checkWeight(value: number, option: string, fn: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new LossError(
      'E_BAD_OPTION',
      `${fn}: ${option} must be a finite number >= 0, got ${value}`,
      {
        option,
      },
    );
  }
}

function checkPair(real: tf.Tensor, fake: tf.Tensor, fn: string): void {
  if (real.shape.join() !== fake.shape.join()) {
    throw new LossError(
      'E_SHAPE',
      `${fn}: real [${real.shape.join(', ')}] and fake [${fake.shape.join(', ')}] differ`,
      { option: 'fake', real: real.shape, fake: fake.shape },
    );
  }
}

/**
 * WGAN-GP's gradient penalty (Gulrajani et al. 2017): λ·E(‖∇ₓ̂ f(x̂)‖₂ − 1)² with
 * x̂ = εx + (1 − ε)x̃, one ε ~ U[0, 1) per sample drawn from `rng`. Differentiable with respect
 * to the critic's variables (a gradient of a gradient), so it can sit inside the D loss.
 * Valid when f treats samples independently (no batch norm in the critic).
 *
 * @example
 * const gp = gradientPenalty((x) => critic.apply(x), real, fake, { lambda: 10, rng });
 */
export function gradientPenalty(
  critic: (x: tf.Tensor) => tf.Tensor,
  real: tf.Tensor,
  fake: tf.Tensor,
  { lambda, rng }: { lambda: number; rng: Rng },
): tf.Scalar {
  checkWeight(lambda, 'lambda', 'gradientPenalty');
  checkPair(real, fake, 'gradientPenalty');
  ensureSecondOrderGradients();
  const n = real.shape[0] as number;
  const epsShape = [n, ...real.shape.slice(1).map(() => 1)];
  const eps = rng.fillUniform(new Float32Array(n));
  return tf.tidy(() => {
    const e = tf.tensor(eps, epsShape);
    const xHat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
    // ‖g‖ = √(‖g‖² + 1e-12): finite gradient where g = 0.
    const norms = tf.sqrt(tf.add(squaredGradNorms(critic, xHat), 1e-12));
    return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda) as tf.Scalar;
  });
}

/**
 * The R1 penalty (Mescheder et al. 2018): (γ/2)·E_x ‖∇ₓ D(x)‖² on real data.
 *
 * @example
 * const r1 = r1Penalty((x) => d.apply(x), real, { gamma: 10 });
 */
export function r1Penalty(
  discriminator: (x: tf.Tensor) => tf.Tensor,
  real: tf.Tensor,
  { gamma }: { gamma: number },
): tf.Scalar {
  checkWeight(gamma, 'gamma', 'r1Penalty');
  ensureSecondOrderGradients();
  return tf.tidy(
    () => tf.mul(tf.mean(squaredGradNorms(discriminator, real)), gamma / 2) as tf.Scalar,
  );
}

/**
 * WGAN's weight clipping: every entry of every variable set to clip(w, −c, c), in place.
 *
 * @example
 * clipWeights(trainableVariables(critic), 0.01);
 */
export function clipWeights(variables: readonly tf.Variable[], c: number): void {
  if (!(c > 0)) {
    throw new LossError('E_BAD_OPTION', `clipWeights: c must be > 0, got ${c}`, { option: 'c' });
  }
  tf.tidy(() => {
    for (const v of variables) v.assign(tf.clipByValue(v, -c, c));
  });
}
