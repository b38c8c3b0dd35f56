import * as tf from '@tensorflow/tfjs-core';
import { requireReal } from './_context';
import { R1_CHECK, R1_DEFAULT, r1Regularizer, resolveOptions } from './_options';
import { paperFields } from './_paperDefaults';
import { asVector } from './_shape';
import type { GanLoss } from './types';

const LS_DEFAULTS = { a: 0, b: 1, c: 1, ...R1_DEFAULT };
const LS_CHECKS = { ...R1_CHECK };

/** ½E(r − b)² + ½E(f − a)²: the least-squares discriminator loss on raw scores. */
function lsDiscriminator(
  real: tf.Tensor,
  fake: tf.Tensor,
  { a, b, name }: { a: number; b: number; name: string },
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
function lsGenerator(fake: tf.Tensor, { c, name }: { c: number; name: string }): tf.Scalar {
  return tf.tidy(
    () => tf.mul(tf.mean(tf.square(tf.sub(asVector(fake, 'fake', name), c))), 0.5) as tf.Scalar,
  );
}

function build(name: string, description: string, o: typeof LS_DEFAULTS): GanLoss {
  return {
    name,
    description,
    output: 'score',
    options: Object.freeze({ ...o }),
    discriminatorLoss: (real, fake) => lsDiscriminator(real, fake, { a: o.a, b: o.b, name }),
    generatorLoss: (fake) => lsGenerator(fake, { c: o.c, name }),
    generatorNeedsReal: false,
    regularizers: r1Regularizer(o),
    ...paperFields(name),
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
  const o = resolveOptions('least-squares', LS_DEFAULTS, options, { checks: LS_CHECKS });
  return build('least-squares', 'LSGAN with codes a (fake), b (real), c (generator target)', o);
}

/**
 * `lsgan`: least squares with (a, b, c) = (0, 1, 1), the codes Mao et al. use in practice;
 * D* = p_data/(p_data + p_g), as in the minimax game but on a raw score.
 *
 * @example
 * lsganLoss().discriminatorLoss(tf.tensor1d([1]), tf.tensor1d([0])); // 0
 */
export function lsganLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('lsgan', R1_DEFAULT, options, { checks: R1_CHECK });
  return build('lsgan', 'least squares with (a, b, c) = (0, 1, 1)', { a: 0, b: 1, c: 1, ...o });
}

/**
 * `lsgan-chi2`: least squares with (a, b, c) = (−1, 1, 0), so b − c = 1 and b − a = 2.
 * Mao et al. (2017, §3.2.2): for codes (a, b, c) and D* = (b·p_data + a·p_g)/(p_data + p_g), the
 * objective V(G) = ½E_{p_data}(D* − c)² + ½E_{p_g}(D* − c)² (G's loss plus a term constant in G
 * for a fixed D) satisfies 2V = Σ ((b − c)(p_data + p_g) − (b − a)·p_g)²/(p_data + p_g). With
 * these codes 2V = Σ (p_data − p_g)²/(p_data + p_g) = χ²_Pearson(p_data + p_g ‖ 2p_g) in Mao's
 * notation (Σ (Q − P)²/P, unnormalised), i.e. V = pearsonChi2(p_g, (p_data + p_g)/2) with core's
 * pearsonChi2(p, q) = Σ (p − q)²/q; D* = (p_data − p_g)/(p_data + p_g).
 *
 * @example
 * lsganChi2Loss().generatorLoss(tf.tensor1d([0.5])); // ½·0.5² = 0.125
 */
export function lsganChi2Loss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('lsgan-chi2', R1_DEFAULT, options, { checks: R1_CHECK });
  return build(
    'lsgan-chi2',
    'least squares with (a, b, c) = (-1, 1, 0): minimises a Pearson chi^2',
    { a: -1, b: 1, c: 0, ...o },
  );
}

/**
 * `regularized-least-squares`, the slides' proposal V_LSGAN'(G): D minimises plain least squares,
 * ½E(D(x) − b)² + ½E(D(G(z)) − a)²; G minimises ½E(D(G(z)) − c)² + λ·(E D(G(z)) − E D(x))²
 * (batch means; E D(x) from `ctx.real`, so `generatorNeedsReal`). D's optimum is least squares'
 * own, D* = (b·p_data + a·p_g)/(p_data + p_g), whatever λ. G's gradient in each fake score fᵢ is
 * ((fᵢ − c) + 2λ(E f − E r))/N: the λ term adds the same pull to every fake, 2λ times least
 * squares' own (×(1 + 2λ) in all) where D scores fakes at a and reals at b = c, and it vanishes
 * at p_g = p_data, where D* is constant. A D flat in x around G(z) (∇ₓD = 0: the way a
 * least-squares D saturates, its loss being flat in D only at fᵢ = c) starves both terms of that
 * sample's gradient, since both see G only through D(G(z)); but the flat samples still lower
 * E f, so the λ term keeps pulling the others, where least squares' gradient can be exactly 0.
 * Default λ = ¼ for the default codes (0, 1, 1): at disjoint supports the λ term is half the
 * least-squares term in value (λ against ½) and in pull (2λ against 1), enough to carry the
 * saturated samples' signal, not enough for this mean match (which a collapsed G can satisfy)
 * to outweigh the per-sample term. See the README for the derivation.
 *
 * @example
 * regularizedLeastSquaresLoss().generatorLoss(fake, { real }); // ½E(f − 1)² + ¼(E f − E r)²
 */
export function regularizedLeastSquaresLoss(options: Record<string, number> = {}): GanLoss {
  const o = resolveOptions('regularized-least-squares', { ...LS_DEFAULTS, lambda: 0.25 }, options, {
    checks: { ...LS_CHECKS, lambda: [(v) => v >= 0, '>= 0'] },
  });
  const name = 'regularized-least-squares';
  return {
    ...build(name, "LSGAN D; G adds lambda (E D(G(z)) - E D(x))^2 (the slides' proposal)", o),
    generatorLoss: (fake, ctx) =>
      tf.tidy(() => {
        const gap = tf.sub(
          tf.mean(asVector(fake, 'fake', name)),
          tf.mean(asVector(requireReal(ctx, name), 'ctx.real', name)),
        );
        return tf.add(
          lsGenerator(fake, { c: o.c, name }),
          tf.mul(tf.square(gap), o.lambda),
        ) as tf.Scalar;
      }),
    generatorNeedsReal: true,
  };
}
