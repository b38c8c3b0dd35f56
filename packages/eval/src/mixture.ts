import { createRng, klDivergence, type Rng } from '@gantry/core';
import { logAddExp } from './_logs';
import { heldOutBandwidth } from './bandwidth';
import { MetricError } from './errors';
import { gaussianKde } from './kde';

/** Options of {@link modeMetrics}. */
export interface ModeMetricsOptions {
  /** Mode centres, each of length `dim` (e.g. `ring2d().modes`). */
  modes: readonly (readonly number[])[];
  /** σ of each mode (e.g. `ring2d().modeStd`). */
  std: number;
  /** A sample is high quality when closer than `threshold`·σ to its nearest mode (default 3). */
  threshold?: number;
  /**
   * Gantry's stricter count (`modesStrict`): a mode counts when it holds at least this fraction
   * of the samples as high-quality samples (default 0.008, i.e. 20 of 2,500; not a rule of
   * PacGAN's or VEEGAN's); at least one sample in any case.
   */
  minFraction?: number;
}

/** Mode statistics of samples from a mixture of Gaussians (VEEGAN, PacGAN). */
export interface ModeMetrics {
  /** Number of samples scored. */
  n: number;
  numModes: number;
  /**
   * PacGAN's count (Lin et al. 2018, code fjxmlzn/PacGAN `MetricLogger`): modes that are the
   * nearest mode of at least one high-quality sample (distance < 3σ).
   */
  modesPacGan: number;
  /**
   * VEEGAN's count (Srivastava et al. 2017, §5.1): modes with at least one sample within 3σ of
   * them, whichever mode is nearest. Their 2-D evaluation code is not released (akashgit/VEEGAN
   * holds an MNIST notebook only); with disjoint 3σ balls (every Gantry mixture) it equals
   * `modesPacGan`.
   */
  modesVeegan: number;
  /** Gantry's stricter count: modes holding at least `minCount` high-quality samples. */
  modesStrict: number;
  /** The bar of `modesStrict`: max(1, ⌈minFraction·n⌉) high-quality samples. */
  minCount: number;
  /** Fraction of samples within threshold·σ of their nearest mode. */
  highQualityFraction: number;
  /** High-quality samples per mode. */
  histogram: number[];
  /**
   * KL(p̂ ‖ uniform) = Σ_k p̂_k log(K·p̂_k) in nats, p̂ the mode histogram of the high-quality
   * samples: 0 when every mode gets the same share, log K when one mode gets them all;
   * Infinity when no sample is of high quality.
   */
  reverseKl: number;
}

function checkPoints(points: ArrayLike<number>, dim: number, name: string): number {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new MetricError('E_INVALID_ARGUMENT', `dim must be a positive integer, got ${dim}`, {
      option: 'dim',
      value: dim,
    });
  }
  if (points.length === 0 || points.length % dim !== 0) {
    throw new MetricError(
      'E_SHAPE',
      `${name} must hold n·${dim} values (n ≥ 1 points of dimension ${dim}), got ${points.length}`,
      { option: name, length: points.length, dim },
    );
  }
  return points.length / dim;
}

/**
 * Assigns each sample to its nearest mode and reports modes captured under PacGAN's, VEEGAN's
 * and Gantry's stricter rule, the fraction of high-quality samples (closer than 3σ to a mode) and the reverse KL of the mode histogram to the
 * uniform one, as in VEEGAN (Srivastava et al., 2017) and PacGAN (Lin et al., 2018).
 *
 * @example
 * const ring = ring2d();
 * modeMetrics(ring.sample(createRng(1), 2500), 2, { modes: ring.modes!, std: ring.modeStd! }).modesPacGan; // 8
 */
export function modeMetrics(
  points: ArrayLike<number>,
  dim: number,
  options: ModeMetricsOptions,
): ModeMetrics {
  const n = checkPoints(points, dim, 'points');
  const { modes, std } = options;
  const threshold = options.threshold ?? 3;
  const minFraction = options.minFraction ?? 0.008;
  if (!Array.isArray(modes) || modes.length === 0 || modes.some((m) => m.length !== dim)) {
    throw new MetricError(
      'E_SHAPE',
      `modes must be a non-empty list of centres of dimension ${dim}`,
      { option: 'modes', dim },
    );
  }
  for (const [name, v] of [
    ['std', std],
    ['threshold', threshold],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) {
      throw new MetricError('E_INVALID_ARGUMENT', `${name} must be a positive number, got ${v}`, {
        option: name,
        value: v,
      });
    }
  }
  if (!(minFraction >= 0 && minFraction <= 1)) {
    throw new MetricError(
      'E_INVALID_ARGUMENT',
      `minFraction must be in [0, 1], got ${minFraction}`,
      { option: 'minFraction', value: minFraction },
    );
  }
  const radius2 = (threshold * std) ** 2;
  const histogram = new Array<number>(modes.length).fill(0);
  const near = new Array<boolean>(modes.length).fill(false);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    let bestK = 0;
    for (const [k, centre] of modes.entries()) {
      let d2 = 0;
      for (let j = 0; j < dim; j++)
        d2 += ((points[i * dim + j] as number) - (centre[j] as number)) ** 2;
      if (d2 < radius2) near[k] = true;
      if (d2 < best) {
        best = d2;
        bestK = k;
      }
    }
    if (best < radius2) {
      good += 1;
      histogram[bestK] = (histogram[bestK] as number) + 1;
    }
  }
  const minCount = Math.max(1, Math.ceil(minFraction * n));
  const uniform = modes.map(() => 1 / modes.length);
  return {
    n,
    numModes: modes.length,
    modesPacGan: histogram.filter((c) => c >= 1).length,
    modesVeegan: near.filter(Boolean).length,
    modesStrict: histogram.filter((c) => c >= minCount).length,
    minCount,
    highQualityFraction: good / n,
    histogram,
    reverseKl:
      good === 0
        ? Number.POSITIVE_INFINITY
        : klDivergence(
            histogram.map((c) => c / good),
            uniform,
          ),
  };
}

/** A distribution with an exact log-density and a sampler (e.g. a toy distribution). */
export interface DensityModel {
  readonly dim: number;
  sample(rng: Rng, n: number): Float32Array;
  logDensity?(point: ArrayLike<number>): number;
}

/** Options of {@link kernelJsd}. */
export interface KernelJsdOptions {
  /** Monte Carlo points drawn from each of p_data and p̂_g (default 10,000). */
  n?: number;
  /**
   * Kernel width h of p̂_g (default: the width of best held-out likelihood on the generated
   * samples, {@link heldOutBandwidth}; Silverman's rule, the default before, is 15–40× the
   * ring's modes and gave 0.65 nats for the data against itself).
   */
  bandwidth?: number;
  /** Seed of the Monte Carlo draws (default 0). */
  seed?: number;
}

/** Result of {@link kernelJsd}. */
export interface KernelJsd {
  /** JSD(p_data ‖ p̂_g) in nats, between 0 and log 2 up to Monte Carlo error. */
  jsd: number;
  /** Monte Carlo standard error of `jsd`. */
  stderr: number;
  bandwidth: number;
  n: number;
}

/**
 * JSD = ½(mean of the first n terms) + ½(mean of the last n) = the mean of all 2n, with the
 * standard error ½·√(var₁/n + var₂/n) of the two independent halves.
 */
function halvesMean(terms: Float64Array, n: number): { mean: number; stderr: number } {
  let mean = 0;
  for (const v of terms) mean += v;
  mean /= 2 * n;
  let meanP = 0;
  let meanQ = 0;
  for (let t = 0; t < n; t++) {
    meanP += terms[t] as number;
    meanQ += terms[n + t] as number;
  }
  meanP /= n;
  meanQ /= n;
  let varP = 0;
  let varQ = 0;
  for (let t = 0; t < n; t++) {
    varP += ((terms[t] as number) - meanP) ** 2;
    varQ += ((terms[n + t] as number) - meanQ) ** 2;
  }
  varP /= n - 1;
  varQ /= n - 1;
  return { mean, stderr: 0.5 * Math.sqrt(varP / n + varQ / n) };
}

/**
 * Jensen–Shannon divergence between a distribution with an exact density p (a toy data set)
 * and a Gaussian kernel estimate p̂_g of generated samples, by Monte Carlo:
 * JSD = ½E_{x~p}[log p(x) − log m(x)] + ½E_{y~p̂_g}[log p̂_g(y) − log m(y)], m = (p + p̂_g)/2,
 * p̂_g(y) = (1/M)Σ_i N(y; g_i, h²I), y drawn exactly from p̂_g (a random g_i plus h·ε).
 *
 * @example
 * const ring = ring2d();
 * kernelJsd(ring, generated).jsd; // ≤ 0.05 for the data itself, → log 2 for disjoint supports
 */
export function kernelJsd(
  data: DensityModel,
  generated: ArrayLike<number>,
  options: KernelJsdOptions = {},
): KernelJsd {
  const { dim } = data;
  const m = checkPoints(generated, dim, 'generated');
  const logDensity = data.logDensity?.bind(data);
  if (!logDensity) {
    throw new MetricError(
      'E_UNSUPPORTED',
      'kernelJsd needs a distribution with an exact logDensity',
      { option: 'data' },
    );
  }
  const n = options.n ?? 10_000;
  if (!Number.isInteger(n) || n < 2) {
    throw new MetricError('E_INVALID_ARGUMENT', `n must be an integer ≥ 2, got ${n}`, {
      option: 'n',
      value: n,
    });
  }
  const h = options.bandwidth ?? heldOutBandwidth(generated, m, dim, options.seed ?? 0);
  if (!(Number.isFinite(h) && h > 0)) {
    throw new MetricError('E_INVALID_ARGUMENT', `bandwidth must be positive, got ${h}`, {
      option: 'bandwidth',
      value: h,
    });
  }
  const bandwidth = h;
  const logKde = gaussianKde(generated, dim, bandwidth);
  const rng = createRng(`kernelJsd:${options.seed ?? 0}`);
  const fromData = data.sample(rng.split(), n);
  const drawRng = rng.split();
  const terms = new Float64Array(2 * n);
  const point = new Float64Array(dim);
  for (let t = 0; t < n; t++) {
    // x ~ p: log p − log m.
    for (let j = 0; j < dim; j++) point[j] = fromData[t * dim + j] as number;
    const lp = logDensity(point);
    const lq = logKde(point);
    terms[t] = lp - (logAddExp(lp, lq) - Math.LN2);
    // y ~ p̂_g: a random kernel centre plus h·ε.
    const i = drawRng.int(m);
    for (let j = 0; j < dim; j++)
      point[j] = (generated[i * dim + j] as number) + bandwidth * drawRng.normal();
    const lp2 = logDensity(point);
    const lq2 = logKde(point);
    terms[n + t] = lq2 - (logAddExp(lp2, lq2) - Math.LN2);
  }
  const { mean, stderr } = halvesMean(terms, n);
  return { jsd: mean, stderr, bandwidth, n };
}
