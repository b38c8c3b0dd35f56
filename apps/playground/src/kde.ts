/**
 * The error function, Abramowitz & Stegun 7.1.26: erf(x) ≈ 1 − (a₁t + … + a₅t⁵)e^(−x²),
 * t = 1/(1 + px), absolute error below 1.5·10⁻⁷; odd in x.
 *
 * @example
 * erf(1); // ≈ 0.8427008
 */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)). */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/**
 * Silverman's rule of thumb for a Gaussian kernel: h = 0.9·min(σ̂, IQR/1.34)·n^(−1/5), with σ̂
 * the sample standard deviation; σ̂ alone when the IQR is 0, and `floor` when both are 0 (all
 * samples equal: a collapsed generator).
 *
 * @example
 * silvermanBandwidth(samples, 0.01);
 */
export function silvermanBandwidth(samples: ArrayLike<number>, floor = 1e-3): number {
  const n = samples.length;
  if (n < 2) return floor;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += samples[i] as number;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((samples[i] as number) - mean) ** 2;
  const std = Math.sqrt(ss / (n - 1));
  const sorted = Float64Array.from(samples).sort();
  const quantile = (q: number) => {
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return (sorted[lo] as number) + (pos - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
  };
  const iqr = quantile(0.75) - quantile(0.25);
  const spread = iqr > 0 ? Math.min(std, iqr / 1.34) : std;
  return Math.max(floor, 0.9 * spread * n ** -0.2);
}

/** First index i with edges[i] ≥ x (edges sorted ascending); edges.length when none. */
function lowerBound(edges: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mass of a Gaussian kernel density estimate p̂(x) = (1/n)Σⱼ N(x; xⱼ, h²) in each cell
 * [eᵢ, eᵢ₊₁) of sorted `edges`, exactly: (1/n)Σⱼ Φ((eᵢ₊₁ − xⱼ)/h) − Φ((eᵢ − xⱼ)/h). The masses
 * sum to the share of p̂ inside [e₀, e_last]; the rest lies outside the grid.
 *
 * @example
 * kdeCellMasses([0], [-10, 0, 10], 1); // ≈ [0.5, 0.5]
 */
export function kdeCellMasses(
  samples: ArrayLike<number>,
  edges: ArrayLike<number>,
  h: number,
): Float64Array {
  if (!(h > 0)) throw new RangeError(`kdeCellMasses: bandwidth must be positive, got ${h}`);
  const cells = edges.length - 1;
  const masses = new Float64Array(Math.max(0, cells));
  if (cells < 1 || samples.length === 0) return masses;
  const reach = 9 * h; // Φ(±9) differs from 0 and 1 by < 1e-18
  for (let j = 0; j < samples.length; j++) {
    const x = samples[j] as number;
    if (!Number.isFinite(x)) continue;
    const from = Math.max(0, lowerBound(edges, x - reach) - 1);
    const to = Math.min(edges.length - 1, lowerBound(edges, x + reach));
    let previous = normalCdf(((edges[from] as number) - x) / h);
    for (let i = from; i < to; i++) {
      const next = normalCdf(((edges[i + 1] as number) - x) / h);
      masses[i] = (masses[i] as number) + (next - previous);
      previous = next;
    }
  }
  for (let i = 0; i < cells; i++) masses[i] = (masses[i] as number) / samples.length;
  return masses;
}

/**
 * Mass of a density in each cell [eᵢ, eᵢ₊₁) by Simpson's rule:
 * (eᵢ₊₁ − eᵢ)/6 · (f(eᵢ) + 4f(mᵢ) + f(eᵢ₊₁)), mᵢ the midpoint.
 *
 * @example
 * densityCellMasses((x) => 1, [0, 0.5, 1]); // [0.5, 0.5]
 */
export function densityCellMasses(
  density: (x: number) => number,
  edges: ArrayLike<number>,
): Float64Array {
  const cells = Math.max(0, edges.length - 1);
  const masses = new Float64Array(cells);
  let left = cells > 0 ? density(edges[0] as number) : 0;
  for (let i = 0; i < cells; i++) {
    const a = edges[i] as number;
    const b = edges[i + 1] as number;
    const right = density(b);
    masses[i] = ((b - a) / 6) * (left + 4 * density((a + b) / 2) + right);
    left = right;
  }
  return masses;
}
