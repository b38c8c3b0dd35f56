import { checkDistributionPair } from './_validate';

/**
 * Kullback–Leibler divergence in nats: KL(p‖q) = Σᵢ pᵢ log(pᵢ/qᵢ), with 0·log(0/q) = 0 and
 * +∞ wherever qᵢ = 0 < pᵢ.
 *
 * @example
 * klDivergence([0.5, 0.5], [0.25, 0.75]); // 0.1438…
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkDistributionPair(p, q, 'klDivergence');
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    if (pi === 0) continue;
    if (qi === 0) return Number.POSITIVE_INFINITY;
    sum += pi * Math.log(pi / qi);
  }
  return Math.max(0, sum);
}

/**
 * Jensen–Shannon divergence in nats: JSD(p‖q) = ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2.
 * Symmetric, 0 ≤ JSD ≤ log 2, equal to log 2 exactly for disjoint supports.
 *
 * @example
 * jsDivergence([1, 0], [0, 1]); // Math.LN2
 */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkDistributionPair(p, q, 'jsDivergence');
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const s = pi + qi;
    if (pi > 0) sum += pi * Math.log((2 * pi) / s);
    if (qi > 0) sum += qi * Math.log((2 * qi) / s);
  }
  return Math.min(Math.LN2, Math.max(0, sum / 2));
}

/**
 * Pearson χ² divergence: χ²(p‖q) = Σᵢ (pᵢ − qᵢ)² / qᵢ, with 0 where pᵢ = qᵢ = 0 and +∞ wherever
 * qᵢ = 0 < pᵢ. (LSGAN with b − c = 1, b − a = 2 minimises χ²(p_data + p_g ‖ 2p_g).)
 *
 * @example
 * pearsonChi2([0.5, 0.5], [0.25, 0.75]); // 0.3333…
 */
export function pearsonChi2(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkDistributionPair(p, q, 'pearsonChi2');
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    if (qi === 0) {
      if (pi > 0) return Number.POSITIVE_INFINITY;
      continue;
    }
    const d = pi - qi;
    sum += (d * d) / qi;
  }
  return sum;
}

/**
 * Total variation distance: TV(p, q) = ½ Σᵢ |pᵢ − qᵢ|, in [0, 1].
 *
 * @example
 * totalVariation([1, 0], [0, 1]); // 1
 */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkDistributionPair(p, q, 'totalVariation');
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs((p[i] as number) - (q[i] as number));
  return Math.min(1, sum / 2);
}
