import { checkInteger, checkMatrix } from './_checks';
import { MetricError } from './errors';

/** Tolerance on |Σⱼ p(j|x) − 1| for a row of class probabilities. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** Options of {@link inceptionScore}. */
export interface InceptionScoreOptions {
  /** Number of consecutive, near-equal splits of the rows scored separately (default 10). */
  splits?: number;
}

/** Result of {@link inceptionScore}. */
export interface InceptionScore {
  /** Mean of the per-split scores. */
  readonly mean: number;
  /** Population standard deviation (ddof 0) of the per-split scores, as the original code. */
  readonly std: number;
  /** Number of splits. */
  readonly splits: number;
}

/** Class histogram of a set of predictions, see {@link classCoverage}. */
export interface ClassCoverage {
  /** histogram[c] = number of samples whose label (or argmax) is c; length numClasses. */
  readonly histogram: number[];
  /** Number of classes with at least one sample. */
  readonly classesHit: number;
  /** H = −Σ_c q_c ln q_c in nats, q = histogram / n (0·ln 0 = 0). */
  readonly entropy: number;
  /** H / ln(numClasses), in [0, 1]: 1 when every class has the same count. */
  readonly normalizedEntropy: number;
  readonly numClasses: number;
  /** Number of samples counted. */
  readonly total: number;
}

/** Input of {@link classCoverage}: integer labels. */
export interface ClassLabels {
  /** One integer label in [0, numClasses) per sample, e.g. an Int32Array from `predict`. */
  readonly labels: ArrayLike<number>;
  /** Number of classes k ≥ 2. */
  readonly numClasses: number;
}

/** Input of {@link classCoverage}: class probabilities, labelled by their argmax. */
export interface ClassProbabilities {
  /** Row-major n×k matrix of class probabilities (rows sum to 1 ± 1e−3). */
  readonly probs: Float32Array | Float64Array;
  readonly n: number;
  /** Number of classes k ≥ 2. */
  readonly k: number;
}

/**
 * Inception Score (Salimans et al. 2016) of an n×k row-major matrix of class probabilities
 * p(y|x): per split, IS = exp(E_x KL(p(y|x) ‖ p(y))) with p(y) the split's mean row and
 * KL(p ‖ q) = Σ_y p_y (ln p_y − ln q_y), 0·ln 0 = 0. The rows are cut into `splits` consecutive
 * parts [⌊i·n/splits⌋, ⌊(i+1)·n/splits⌋) as the original code does. Ranges from 1 (all rows
 * equal) to k (confident predictions spread evenly over the k classes).
 *
 * @example
 * const { mean, std } = inceptionScore(probs, 5000, 10); // probs from classifier.probabilities
 */
export function inceptionScore(
  probs: Float32Array | Float64Array,
  n: number,
  k: number,
  options: InceptionScoreOptions = {},
): InceptionScore {
  const fn = 'inceptionScore';
  const { splits = 10 } = options;
  checkProbabilities(probs, n, k, fn);
  checkInteger(splits, 1, 'splits', fn);
  if (splits > n) {
    throw new MetricError(
      'E_TOO_FEW_SAMPLES',
      `${fn}: splits must be <= n so that every split has a row, got splits = ${splits} and n = ${n}`,
      { option: 'splits', expected: `<= ${n}`, actual: splits },
    );
  }
  const values = new Float64Array(splits);
  const marginal = new Float64Array(k);
  const logMarginal = new Float64Array(k);
  for (let s = 0; s < splits; s++) {
    const start = Math.floor((s * n) / splits);
    const end = Math.floor(((s + 1) * n) / splits);
    const rows = end - start;
    marginal.fill(0);
    for (let i = start; i < end; i++) {
      for (let j = 0; j < k; j++)
        marginal[j] = (marginal[j] as number) + (probs[i * k + j] as number);
    }
    for (let j = 0; j < k; j++) {
      marginal[j] = (marginal[j] as number) / rows;
      logMarginal[j] = Math.log(marginal[j] as number);
    }
    let klSum = 0;
    for (let i = start; i < end; i++) {
      for (let j = 0; j < k; j++) {
        const p = probs[i * k + j] as number;
        // p > 0 implies marginal[j] > 0, so the logarithms are finite.
        if (p > 0) klSum += p * (Math.log(p) - (logMarginal[j] as number));
      }
    }
    values[s] = Math.exp(klSum / rows);
  }
  let mean = 0;
  for (let s = 0; s < splits; s++) mean += values[s] as number;
  mean /= splits;
  let variance = 0;
  for (let s = 0; s < splits; s++) variance += ((values[s] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(variance / splits), splits };
}

/**
 * Class coverage of a set of labels (or of the argmax labels of class probabilities, see
 * {@link classCoverageFromProbs}): the histogram of labels, how many classes are hit, and the
 * entropy H = −Σ_c q_c ln q_c (nats) of the normalised histogram q, also as H / ln k. For
 * samples from a generator labelled by a classifier, missing classes and a low normalised
 * entropy reveal mode dropping.
 *
 * @example
 * classCoverage({ labels: new Int32Array([0, 1, 1, 3]), numClasses: 4 });
 * // histogram [1, 2, 0, 1], classesHit 3, entropy ≈ 1.04, normalizedEntropy ≈ 0.75
 * classCoverage({ probs, n: 5000, k: 10 }); // same as classCoverageFromProbs(probs, 5000, 10)
 */
export function classCoverage(input: ClassLabels | ClassProbabilities): ClassCoverage {
  const fn = 'classCoverage';
  if (input === null || typeof input !== 'object') {
    throw new MetricError(
      'E_INVALID_ARGUMENT',
      `${fn}: expected { labels, numClasses } or { probs, n, k }, got ${String(input)}`,
      { option: 'input' },
    );
  }
  if ('probs' in input) return classCoverageFromProbs(input.probs, input.n, input.k);
  const { labels, numClasses } = input;
  checkInteger(numClasses, 2, 'numClasses', fn);
  if (labels == null || typeof labels.length !== 'number') {
    throw new MetricError('E_SHAPE', `${fn}: labels must be an array of integer labels`, {
      option: 'labels',
    });
  }
  if (labels.length === 0) {
    throw new MetricError('E_TOO_FEW_SAMPLES', `${fn}: labels is empty, expected at least 1`, {
      option: 'labels',
      actual: 0,
    });
  }
  const histogram = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new MetricError(
        'E_INVALID_ARGUMENT',
        `${fn}: labels[${i}] is ${String(label)}, expected an integer in [0, ${numClasses})`,
        { option: 'labels', index: i, value: label },
      );
    }
    histogram[label] = (histogram[label] as number) + 1;
  }
  return coverageOf(histogram, labels.length);
}

/**
 * {@link classCoverage} of the argmax labels of an n×k row-major matrix of class probabilities
 * (ties go to the lowest class, as `numpy.argmax`). Rows must be probability vectors.
 *
 * @example
 * classCoverageFromProbs(probs, 5000, 10).classesHit; // 10 when no class is dropped
 */
export function classCoverageFromProbs(
  probs: Float32Array | Float64Array,
  n: number,
  k: number,
): ClassCoverage {
  const fn = 'classCoverageFromProbs';
  checkProbabilities(probs, n, k, fn);
  if (k < 2) {
    throw new MetricError('E_SHAPE', `${fn}: k must be >= 2 classes, got ${k}`, {
      option: 'k',
      actual: k,
    });
  }
  const histogram = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = 0;
    let bestValue = probs[row] as number;
    for (let j = 1; j < k; j++) {
      const v = probs[row + j] as number;
      if (v > bestValue) {
        best = j;
        bestValue = v;
      }
    }
    histogram[best] = (histogram[best] as number) + 1;
  }
  return coverageOf(histogram, n);
}

function coverageOf(histogram: number[], total: number): ClassCoverage {
  let classesHit = 0;
  let entropy = 0;
  for (const count of histogram) {
    if (count === 0) continue;
    classesHit++;
    const q = count / total;
    entropy -= q * Math.log(q);
  }
  const numClasses = histogram.length;
  // Round-off can push H a hair above ln k for a perfectly even histogram.
  const normalizedEntropy = Math.min(1, entropy / Math.log(numClasses));
  return { histogram, classesHit, entropy, normalizedEntropy, numClasses, total };
}

/** Throws unless `probs` is n×k, finite, in [0, 1], each row summing to 1 ± 1e−3. */
function checkProbabilities(
  probs: Float32Array | Float64Array,
  n: number,
  k: number,
  fn: string,
): void {
  checkMatrix(probs, n, k, 'probs', fn);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = probs[i * k + j] as number;
      if (p < 0 || p > 1 + PROBABILITY_SUM_TOLERANCE) {
        throw new MetricError(
          'E_INVALID_ARGUMENT',
          `${fn}: probs[${i}][${j}] is ${p}, expected a probability in [0, 1]`,
          { option: 'probs', row: i, column: j, value: p },
        );
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
      throw new MetricError(
        'E_NOT_NORMALISED',
        `${fn}: row ${i} of probs sums to ${sum}, expected 1 (±${PROBABILITY_SUM_TOLERANCE}); pass softmax outputs, not logits`,
        { option: 'probs', row: i, sum },
      );
    }
  }
}
