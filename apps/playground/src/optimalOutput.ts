import { optimalDiscriminator } from '@gantry/core';
import type { GanLoss } from '@gantry/losses';

/** The optimum of a free discriminator for a fixed generator, in the readout's units. */
export interface OptimalOutput {
  /** One value per support point. */
  values: number[];
  /** The formula drawn in the legend. */
  formula: string;
}

/**
 * The output of a free D (one value per point) that minimises `loss`'s discriminator loss for
 * fixed discrete p_data and p_g (the same support, probability vectors), as tabulated in
 * `@gantry/losses`' README and checked there by gradient descent:
 *
 * - `minimax`, `non-saturating`: σ(D*) = (1 − ε)·p_data/(p_data + p_g) (ε the label smoothing;
 *   Goodfellow et al.'s D* for ε = 0), via core's `optimalDiscriminator`;
 * - least squares with codes (a, b): (b·p_data + a·p_g)/(p_data + p_g), the regularised LSGAN
 *   included (its λ term is on G's side, so D's optimum does not depend on λ);
 * - `hinge`: sign(p_data − p_g);
 * - `wasserstein`, `wasserstein-gp`, `relativistic-average`: `null`, no pointwise optimum (the
 *   critic's optimum depends on the geometry of x or on means over the whole support).
 *
 * Where p_data = p_g = 0 the point carries no loss; it gets the equilibrium value.
 *
 * @example
 * optimalOutputFor(getLoss('minimax'), [0.5, 0.5, 0], [0, 0.5, 0.5])?.values; // [1, 0.5, 0]
 */
export function optimalOutputFor(
  loss: GanLoss,
  pData: readonly number[],
  pG: readonly number[],
): OptimalOutput | null {
  const o = loss.options;
  const a = o['a'] ?? 0;
  const b = o['b'] ?? 1;
  switch (loss.name) {
    case 'minimax':
    case 'non-saturating': {
      const eps = o['labelSmoothing'] ?? 0;
      const dStar = optimalDiscriminator(pData, pG);
      return {
        values: dStar.map((d) => (1 - eps) * d),
        formula:
          eps > 0 ? `D* = (1 − ${eps})·p_data/(p_data + p_g)` : 'D* = p_data / (p_data + p_g)',
      };
    }
    case 'least-squares':
    case 'lsgan':
    case 'lsgan-chi2':
    case 'regularized-least-squares':
      return {
        values: pointwise(pData, pG, (pd, pg) => (b * pd + a * pg) / (pd + pg), (a + b) / 2),
        formula:
          a === 0 && b === 1
            ? 'D* = p_data / (p_data + p_g)'
            : `D* = (b·p_data + a·p_g) / (p_data + p_g), (a, b) = (${a}, ${b})`,
      };
    case 'hinge':
      return {
        values: pointwise(pData, pG, (pd, pg) => Math.sign(pd - pg), 0),
        formula: 'D* = sign(p_data − p_g)',
      };
    default:
      return null;
  }
}

function pointwise(
  pData: readonly number[],
  pG: readonly number[],
  f: (pd: number, pg: number) => number,
  empty: number,
): number[] {
  if (pData.length !== pG.length) {
    throw new RangeError(`optimalOutputFor: ${pData.length} p_data values but ${pG.length} p_g`);
  }
  return pData.map((pd, i) => {
    const pg = pG[i] as number;
    return pd + pg > 0 ? f(pd, pg) : empty;
  });
}
