import { checkDistributionPair, checkSameLength } from './_validate';
import { jsDivergence } from './divergences';
import { InvalidArgumentError } from './errors';

/**
 * The optimal discriminator for a fixed generator (Goodfellow et al. 2014, Prop. 1):
 * D*(x) = p_data(x) / (p_data(x) + p_g(x)) pointwise, and ½ where both are 0.
 *
 * @example
 * optimalDiscriminator([0.5, 0.5, 0], [0, 0.5, 0.5]); // [1, 0.5, 0]
 */
export function optimalDiscriminator(pData: ArrayLike<number>, pG: ArrayLike<number>): number[] {
  checkDistributionPair(pData, pG, 'optimalDiscriminator', ['pData', 'pG']);
  const out = new Array<number>(pData.length);
  for (let i = 0; i < pData.length; i++) {
    const a = pData[i] as number;
    const s = a + (pG[i] as number);
    out[i] = s === 0 ? 0.5 : a / s;
  }
  return out;
}

/** x·log y with the convention 0·log y = 0 (also for y = 0). */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/**
 * The value function of the minimax game on a discrete support:
 * V(D, G) = Σₓ p_data(x)·log D(x) + p_g(x)·log(1 − D(x)), with 0·log 0 = 0.
 *
 * @example
 * valueFunction([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]); // -log 4
 */
export function valueFunction(
  pData: ArrayLike<number>,
  pG: ArrayLike<number>,
  d: ArrayLike<number>,
): number {
  checkDistributionPair(pData, pG, 'valueFunction', ['pData', 'pG']);
  checkSameLength(pData, d, ['pData', 'd'], 'valueFunction');
  let v = 0;
  for (let i = 0; i < pData.length; i++) {
    const di = d[i] as number;
    if (!(di >= 0 && di <= 1)) {
      throw new InvalidArgumentError(
        'E_OUT_OF_RANGE',
        `valueFunction: d[${i}] is ${di}, a discriminator output must lie in [0, 1]`,
        { option: 'd', index: i, value: di },
      );
    }
    v += xlogy(pData[i] as number, di) + xlogy(pG[i] as number, 1 - di);
  }
  return v;
}

/**
 * The virtual training criterion C(G) = max_D V(D, G) = V(D*, G)
 * = Σ p_data·log D* + p_g·log(1 − D*) = −log 4 + 2·JSD(p_data‖p_g) (Theorem 1).
 *
 * @example
 * virtualTrainingCriterion([0.5, 0.5], [0.5, 0.5]); // -Math.log(4)
 */
export function virtualTrainingCriterion(pData: ArrayLike<number>, pG: ArrayLike<number>): number {
  checkDistributionPair(pData, pG, 'virtualTrainingCriterion', ['pData', 'pG']);
  // log D* = log(p_data/s) and log(1 − D*) = log(p_g/s), s = p_data + p_g: computing 1 − D*
  // would round to 0 where p_g ≪ p_data and give −∞ · (tiny p_g).
  let c = 0;
  for (let i = 0; i < pData.length; i++) {
    const a = pData[i] as number;
    const b = pG[i] as number;
    const s = a + b;
    c += xlogy(a, a / s) + xlogy(b, b / s);
  }
  return c;
}

/** The global minimum of C(G): −log 4, reached exactly when p_g = p_data. */
export const GLOBAL_MINIMUM_C = -Math.log(4);

/** JSD estimated from a criterion value: JSD = (C(G) + log 4) / 2. */
export function jsdFromCriterion(c: number): number {
  return (c + Math.log(4)) / 2;
}

/** `n` evenly spaced points from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(
      'E_OUT_OF_RANGE',
      `linspace: n must be a positive integer, got ${n}`,
      {
        option: 'n',
      },
    );
  }
  if (n === 1) return [start];
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start + i * step));
}

/** Gaussian density N(x; mean, std²) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)). */
export function gaussianPdf(x: number, mean = 0, std = 1): number {
  const z = (x - mean) / std;
  return Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI));
}

/**
 * Discretises a density on a grid: pᵢ = f(xᵢ) / Σⱼ f(xⱼ), a probability vector.
 *
 * @example
 * const grid = linspace(-5, 5, 1001);
 * const p = discretizeDensity((x) => gaussianPdf(x, 0, 1), grid);
 */
export function discretizeDensity(
  density: (x: number) => number,
  grid: readonly number[],
): number[] {
  const values = grid.map(density);
  const total = values.reduce((a, b) => a + b, 0);
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new InvalidArgumentError(
      'E_OUT_OF_RANGE',
      `discretizeDensity: the density integrates to ${total} on the grid, expected a positive finite mass`,
      { option: 'density' },
    );
  }
  return values.map((v) => v / total);
}

/** One row of {@link theoryTable}. */
export interface TheoryRow {
  /** Interpolation parameter: 0 = start, 1 = p_g equals p_data. */
  t: number;
  /** Generator mean μ_g and standard deviation σ_g. */
  meanG: number;
  stdG: number;
  /** JSD(p_data‖p_g) in nats. */
  jsd: number;
  /** C(G) = max_D V(D, G). */
  criterion: number;
  /** E_{x∼p_data}[D*(x)] (→ ½ from above). */
  meanDStarOnData: number;
  /** E_{x∼p_g}[D*(x)] (→ ½ from below). */
  meanDStarOnG: number;
}

/** Options of {@link theoryTable}: the 1-D setting of Goodfellow et al.'s Figure 1. */
export interface TheoryTableOptions {
  dataMean?: number;
  dataStd?: number;
  startMean?: number;
  startStd?: number;
  steps?: number;
  gridPoints?: number;
}

/**
 * For p_data = N(μ_d, σ_d²) and a generator p_g = N(μ_g(t), σ_g(t)²) moved linearly from a start
 * towards p_data, tabulates JSD, C(G) and the mean of D* under each distribution, all on a fine
 * grid. Shows C(G) → −log 4 and D* → ½ as p_g → p_data.
 *
 * @example
 * theoryTable({ steps: 5 }).at(-1)?.criterion; // ≈ -1.3863
 */
export function theoryTable(options: TheoryTableOptions = {}): TheoryRow[] {
  const {
    dataMean = 2,
    dataStd = 0.5,
    startMean = -1,
    startStd = 1.5,
    steps = 6,
    gridPoints = 4001,
  } = options;
  const lo = Math.min(dataMean - 8 * dataStd, startMean - 8 * startStd);
  const hi = Math.max(dataMean + 8 * dataStd, startMean + 8 * startStd);
  const grid = linspace(lo, hi, gridPoints);
  const pData = discretizeDensity((x) => gaussianPdf(x, dataMean, dataStd), grid);
  return linspace(0, 1, steps).map((t) => {
    const meanG = startMean + t * (dataMean - startMean);
    const stdG = startStd + t * (dataStd - startStd);
    const pG = discretizeDensity((x) => gaussianPdf(x, meanG, stdG), grid);
    const dStar = optimalDiscriminator(pData, pG);
    let onData = 0;
    let onG = 0;
    for (let i = 0; i < grid.length; i++) {
      onData += (pData[i] as number) * (dStar[i] as number);
      onG += (pG[i] as number) * (dStar[i] as number);
    }
    return {
      t,
      meanG,
      stdG,
      jsd: jsDivergence(pData, pG),
      criterion: virtualTrainingCriterion(pData, pG),
      meanDStarOnData: onData,
      meanDStarOnG: onG,
    };
  });
}

/** Formats {@link theoryTable} rows as a fixed-width text table. */
export function formatTheoryTable(rows: readonly TheoryRow[]): string {
  const header = ['t', 'mu_g', 'sigma_g', 'JSD', 'C(G)', 'C(G)+log4', 'E_data[D*]', 'E_g[D*]'];
  const lines = rows.map((r) =>
    [
      r.t.toFixed(2),
      r.meanG.toFixed(3),
      r.stdG.toFixed(3),
      fixed(r.jsd, 6),
      r.criterion.toFixed(6),
      fixed(r.criterion - GLOBAL_MINIMUM_C, 6),
      r.meanDStarOnData.toFixed(4),
      r.meanDStarOnG.toFixed(4),
    ].map((cell) => cell.padStart(11)),
  );
  return [header.map((h) => h.padStart(11)).join(''), ...lines.map((l) => l.join(''))].join('\n');
}

/** toFixed without a "-0.000000" for values that round to zero. */
function fixed(value: number, digits: number): string {
  return (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).toFixed(digits);
}
