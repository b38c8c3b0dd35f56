import { createRng } from '@gantry/core';

/**
 * Silverman's rule on m points of dimension `dim`: h = (mean per-axis std)·m^(−1/(dim+4));
 * 1e−3 when the points are all identical.
 */
export function silvermanBandwidth(points: ArrayLike<number>, m: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += points[i * dim + j] as number;
    mean /= m;
    let v = 0;
    for (let i = 0; i < m; i++) v += ((points[i * dim + j] as number) - mean) ** 2;
    s += Math.sqrt(v / Math.max(1, m - 1));
  }
  const h = (s / dim) * m ** (-1 / (dim + 4));
  return h > 0 ? h : 1e-3;
}

/** Mean log-density of the `held` points under a Gaussian KDE (width h) of the `fit` points. */
function meanLogKde(
  points: ArrayLike<number>,
  dim: number,
  fit: readonly number[],
  held: readonly number[],
  h: number,
): number {
  const logNorm = Math.log(fit.length) + dim * Math.log(h * Math.sqrt(2 * Math.PI));
  const inv2h2 = 1 / (2 * h * h);
  const exps = new Float64Array(fit.length);
  let total = 0;
  for (const q of held) {
    let max = Number.NEGATIVE_INFINITY;
    fit.forEach((p, i) => {
      let d2 = 0;
      for (let j = 0; j < dim; j++)
        d2 += ((points[q * dim + j] as number) - (points[p * dim + j] as number)) ** 2;
      exps[i] = -d2 * inv2h2;
      if ((exps[i] as number) > max) max = exps[i] as number;
    });
    let sum = 0;
    for (const e of exps) sum += Math.exp(e - max);
    total += max + Math.log(sum) - logNorm;
  }
  return total / held.length;
}

/**
 * The Gaussian KDE width that maximises the held-out log-likelihood (1/|H|)Σ_{x∈H} log p̂_h(x)
 * of a seeded fifth of the points (at most 1,000) under the KDE of the rest (at most 4,000),
 * over the grid h = h_S·2^(k/2), k = −16 … 2, h_S {@link silvermanBandwidth}. Silverman's rule
 * assumes one Gaussian and over-smooths a mixture of narrow modes by an order of magnitude;
 * the likelihood choice follows the modes. Fewer than 10 points: Silverman's rule.
 */
export function heldOutBandwidth(
  points: ArrayLike<number>,
  m: number,
  dim: number,
  seed = 0,
): number {
  const silverman = silvermanBandwidth(points, m, dim);
  if (m < 10) return silverman;
  const order = createRng(`bandwidth:${seed}`).permutation(m);
  const heldCount = Math.min(1000, Math.floor(m / 5));
  const held = Array.from(order.slice(0, heldCount));
  const fit = Array.from(order.slice(heldCount, heldCount + 4000));
  let best = silverman;
  let bestLl = Number.NEGATIVE_INFINITY;
  for (let k = -16; k <= 2; k++) {
    const h = silverman * 2 ** (k / 2);
    const ll = meanLogKde(points, dim, fit, held, h);
    if (ll > bestLl) {
      bestLl = ll;
      best = h;
    }
  }
  return best;
}
