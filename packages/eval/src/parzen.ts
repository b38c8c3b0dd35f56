import * as tf from '@tensorflow/tfjs-core';
import { checkTensor2d } from './_checks';
import { MetricError } from './errors';

/**
 * The σ grid of Goodfellow et al. (2014)'s `parzen_ll.py`: `numpy.logspace(−1, 0, 10)`,
 * σ_k = 10^(−1 + k/9), k = 0 … 9 (for pixels in [0, 1]).
 */
export const PARZEN_SIGMAS: readonly number[] = Object.freeze(
  Array.from({ length: 10 }, (_, k) => 10 ** (-1 + k / 9)),
);

/** Options of the Parzen functions. */
export interface ParzenOptions {
  /**
   * Points scored per batch (default 100): memory is bounded by batchSize × (number of samples)
   * floats, whatever the number of points.
   */
  batchSize?: number;
  /** Called after each batch with the points done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Mean Parzen log-likelihood of a validation set at one σ. */
export interface SigmaScore {
  sigma: number;
  meanLogLikelihood: number;
}

/** The result of {@link parzenEstimate}: the paper's mean ± standard error at the chosen σ. */
export interface ParzenResult {
  /** The σ with the best mean log-likelihood on the validation set. */
  sigma: number;
  /** Mean log p̂_σ(x) over the test set, in nats. */
  mean: number;
  /** Standard error std/√N (population std, as `parzen_ll.py`'s `ll.std()`). */
  stderr: number;
  /** Number of test points N. */
  n: number;
  /** Number of kernels (generated samples). */
  kernels: number;
  /** The validation score of every σ tried. */
  sigmaScores: SigmaScore[];
}

function checkSigma(sigma: number): void {
  if (!(Number.isFinite(sigma) && sigma > 0)) {
    throw new MetricError('E_INVALID_ARGUMENT', `sigma must be a positive number, got ${sigma}`, {
      option: 'sigma',
      value: sigma,
    });
  }
}

/**
 * Parzen-window log-likelihoods of `points` under Gaussian kernels of width σ centred on
 * `samples`, one value per σ and point, in nats:
 * log p̂_σ(x) = logmeanexp_i(−‖x − μ_i‖² / (2σ²)) − d·log(σ√(2π)).
 * Squared distances are computed once per batch of points (‖x‖² + ‖μ‖² − 2x·μ) and reused
 * for every σ.
 *
 * @example
 * const [ll] = await parzenLogLikelihoods(samples, points, [0.2]); // Float64Array(points.shape[0])
 */
export async function parzenLogLikelihoods(
  samples: tf.Tensor2D,
  points: tf.Tensor2D,
  sigmas: readonly number[],
  options: ParzenOptions = {},
): Promise<Float64Array[]> {
  checkTensor2d('samples', samples);
  const [m, d] = samples.shape;
  checkTensor2d('points', points, d);
  if (sigmas.length === 0) {
    throw new MetricError('E_INVALID_ARGUMENT', 'sigmas must list at least one σ', {
      option: 'sigmas',
    });
  }
  for (const s of sigmas) checkSigma(s);
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new MetricError(
      'E_INVALID_ARGUMENT',
      `batchSize must be a positive integer, got ${batchSize}`,
      { option: 'batchSize', value: batchSize },
    );
  }
  const n = points.shape[0];
  const out = sigmas.map(() => new Float64Array(n));
  const logM = Math.log(m);
  const samplesT = tf.tidy(() => tf.transpose(samples)); // d×m
  const sampleNorms = tf.tidy(() => tf.reshape(tf.sum(tf.square(samples), 1), [1, m]));
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const lses = tf.tidy(() => {
        const x = tf.slice(points, [start, 0], [size, d]);
        const xNorms = tf.reshape(tf.sum(tf.square(x), 1), [size, 1]);
        // Rounding can make x·x + μ·μ − 2x·μ slightly negative when x ≈ μ: clamp at 0.
        const sq = tf.relu(tf.sub(tf.add(xNorms, sampleNorms), tf.mul(2, tf.matMul(x, samplesT))));
        return sigmas.map((s) => tf.logSumExp(tf.mul(sq, -1 / (2 * s * s)), 1));
      });
      try {
        for (const [k, s] of sigmas.entries()) {
          const values = await (lses[k] as tf.Tensor).data();
          const constant = logM + d * Math.log(s * Math.sqrt(2 * Math.PI));
          const row = out[k] as Float64Array;
          for (let j = 0; j < size; j++) row[start + j] = (values[j] as number) - constant;
        }
      } finally {
        tf.dispose(lses);
      }
      options.onProgress?.(start + size, n);
    }
  } finally {
    tf.dispose([samplesT, sampleNorms]);
  }
  return out;
}

function meanOf(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Chooses σ as `parzen_ll.py` does: the σ of `sigmas` (default {@link PARZEN_SIGMAS}) with the
 * highest mean log-likelihood of the validation points.
 *
 * @example
 * const { sigma } = await selectParzenSigma(samples, validation);
 */
export async function selectParzenSigma(
  samples: tf.Tensor2D,
  validation: tf.Tensor2D,
  options: ParzenOptions & { sigmas?: readonly number[] } = {},
): Promise<{ sigma: number; sigmaScores: SigmaScore[] }> {
  const sigmas = options.sigmas ?? PARZEN_SIGMAS;
  const lls = await parzenLogLikelihoods(samples, validation, sigmas, options);
  const sigmaScores = sigmas.map((sigma, k) => ({
    sigma,
    meanLogLikelihood: meanOf(lls[k] as Float64Array),
  }));
  let best = sigmaScores[0] as SigmaScore;
  for (const s of sigmaScores) if (s.meanLogLikelihood > best.meanLogLikelihood) best = s;
  return { sigma: best.sigma, sigmaScores };
}

/**
 * The Parzen-window protocol of Goodfellow et al. (2014): σ chosen on `validation`, then the
 * mean ± standard error (std/√N) of log p̂_σ(x) over `test`. Inputs are N×d tensors with pixels
 * in [0, 1] (for the σ grid to mean what it meant in the paper). Anchor: MNIST, adversarial
 * nets, 225 ± 2.
 *
 * @example
 * const r = await parzenEstimate({ samples, validation, test });
 * console.log(`${r.mean.toFixed(0)} ± ${r.stderr.toFixed(0)}`);
 */
export async function parzenEstimate(args: {
  samples: tf.Tensor2D;
  validation: tf.Tensor2D;
  test: tf.Tensor2D;
  sigmas?: readonly number[];
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<ParzenResult> {
  const nVal = args.validation.shape?.[0] ?? 0;
  const nTest = args.test.shape?.[0] ?? 0;
  const total = nVal + nTest;
  const progress = args.onProgress;
  const batch = args.batchSize === undefined ? {} : { batchSize: args.batchSize };
  const { sigma, sigmaScores } = await selectParzenSigma(args.samples, args.validation, {
    ...batch,
    ...(args.sigmas ? { sigmas: args.sigmas } : {}),
    ...(progress ? { onProgress: (done: number) => progress(done, total) } : {}),
  });
  const [ll] = await parzenLogLikelihoods(args.samples, args.test, [sigma], {
    ...batch,
    ...(progress ? { onProgress: (done: number) => progress(nVal + done, total) } : {}),
  });
  const values = ll as Float64Array;
  const mean = meanOf(values);
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  const std = Math.sqrt(sq / values.length);
  return {
    sigma,
    mean,
    stderr: std / Math.sqrt(values.length),
    n: values.length,
    kernels: args.samples.shape[0],
    sigmaScores,
  };
}
