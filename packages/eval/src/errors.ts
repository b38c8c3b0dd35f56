import { GantryError } from '@gantry/core';

/**
 * Codes of {@link MetricError}: `E_SHAPE` (wrong type, length or dimensions, e.g. mismatched
 * feature widths), `E_INVALID_ARGUMENT` (a value out of its domain), `E_TOO_FEW_SAMPLES` (e.g.
 * n < 2 for a covariance), `E_NOT_FINITE` (NaN or ±Infinity in an input), `E_NOT_NORMALISED`
 * (probability rows not summing to 1), `E_DATA` (a run or data set lacks what a metric needs),
 * `E_UNSUPPORTED` (a metric that does not apply to the input).
 */
export type MetricErrorCode =
  | 'E_SHAPE'
  | 'E_INVALID_ARGUMENT'
  | 'E_TOO_FEW_SAMPLES'
  | 'E_NOT_FINITE'
  | 'E_NOT_NORMALISED'
  | 'E_DATA'
  | 'E_UNSUPPORTED';

/**
 * A metric of `@gantry/eval` was given bad input; `details` names the argument at fault and,
 * where it helps, what was expected and what was found.
 *
 * @example
 * try { frechetDistance(a, b); } catch (e) { if (e instanceof MetricError) console.log(e.code); }
 */
export class MetricError extends GantryError<MetricErrorCode> {
  constructor(
    code: MetricErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super(code, message, cause === undefined ? { details } : { details, cause });
    this.name = 'MetricError';
  }
}

/** A row-major n×d matrix of features (one sample per row), e.g. a classifier's activations. */
export interface FeatureMatrix {
  readonly data: Float32Array | Float64Array;
  /** Number of rows (samples). */
  readonly n: number;
  /** Number of columns (feature dimensions). */
  readonly d: number;
}

/** @internal Throws `E_INVALID_ARGUMENT` unless `value` is an integer ≥ `min`. */
export function checkInteger(value: number, min: number, argument: string, fn: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new MetricError(
      'E_INVALID_ARGUMENT',
      `${fn}: ${argument} must be an integer >= ${min}, got ${String(value)}`,
      { argument, expected: `integer >= ${min}`, actual: value },
    );
  }
}

/**
 * @internal Throws unless `data` is a Float32Array/Float64Array of exactly n·d finite numbers
 * (`E_SHAPE` for the type, sizes and length, `E_NOT_FINITE` naming the first bad entry).
 */
export function checkMatrix(
  data: unknown,
  n: number,
  d: number,
  argument: string,
  fn: string,
): asserts data is Float32Array | Float64Array {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new MetricError(
      'E_SHAPE',
      `${fn}: ${argument} must be a Float32Array or Float64Array, got ${describe(data)}`,
      { argument, expected: 'Float32Array | Float64Array' },
    );
  }
  for (const [name, size] of [
    ['n', n],
    ['d', d],
  ] as const) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      throw new MetricError(
        'E_SHAPE',
        `${fn}: ${argument}.${name} must be a positive integer, got ${String(size)}`,
        { argument: `${argument}.${name}`, actual: size },
      );
    }
  }
  if (data.length !== n * d) {
    throw new MetricError(
      'E_SHAPE',
      `${fn}: ${argument} must hold n·d = ${n}·${d} = ${n * d} numbers, got ${data.length}`,
      { argument, expected: n * d, actual: data.length, n, d },
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      throw new MetricError(
        'E_NOT_FINITE',
        `${fn}: ${argument}[${i}] (row ${Math.floor(i / d)}, column ${i % d}) is ${data[i]}, expected a finite number`,
        { argument, index: i, value: data[i] },
      );
    }
  }
}

/** @internal {@link checkMatrix} on a {@link FeatureMatrix}. */
export function checkFeatures(
  features: FeatureMatrix,
  argument: string,
  fn: string,
): asserts features is FeatureMatrix {
  if (features === null || typeof features !== 'object') {
    throw new MetricError(
      'E_SHAPE',
      `${fn}: ${argument} must be a feature matrix { data, n, d }, got ${describe(features)}`,
      { argument },
    );
  }
  checkMatrix(features.data, features.n, features.d, argument, fn);
}

/** @internal Throws `E_SHAPE` unless two feature matrices have the same width. */
export function checkSameWidth(da: number, db: number, fn: string): void {
  if (da !== db) {
    throw new MetricError(
      'E_SHAPE',
      `${fn}: a and b must have the same feature dimension d, got a.d = ${da} and b.d = ${db}`,
      { argument: 'b.d', expected: da, actual: db },
    );
  }
}

/** Relative tolerance on |a_ij − a_ji| / max|a| for a matrix to count as symmetric. */
const SYMMETRY_TOLERANCE = 1e-9;

/** @internal Throws `E_INVALID_ARGUMENT` unless the d×d matrix `a` is symmetric to 1e−9·max|a|. */
export function checkSymmetric(
  a: Float32Array | Float64Array,
  d: number,
  argument: string,
  fn: string,
): void {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] as number));
  const tolerance = SYMMETRY_TOLERANCE * scale;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const gap = Math.abs((a[i * d + j] as number) - (a[j * d + i] as number));
      if (gap > tolerance) {
        throw new MetricError(
          'E_INVALID_ARGUMENT',
          `${fn}: ${argument} must be symmetric, but ${argument}[${i}][${j}] − ${argument}[${j}][${i}] = ${gap} exceeds ${SYMMETRY_TOLERANCE}·max|${argument}|`,
          { argument, row: i, column: j, gap },
        );
      }
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/**
 * @internal Checks two feature matrices for a two-sample statistic: valid, the same width d,
 * and n ≥ 2 rows each (`E_TOO_FEW_SAMPLES` naming `purpose`).
 */
export function checkFeaturePair(
  a: FeatureMatrix,
  b: FeatureMatrix,
  fn: string,
  purpose: string,
): void {
  checkFeatures(a, 'a', fn);
  checkFeatures(b, 'b', fn);
  checkSameWidth(a.d, b.d, fn);
  for (const [name, m] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (m.n < 2) {
      throw new MetricError(
        'E_TOO_FEW_SAMPLES',
        `${fn}: ${name} needs n >= 2 rows for ${purpose}, got ${name}.n = ${m.n}`,
        { argument: `${name}.n`, expected: '>= 2', actual: m.n },
      );
    }
  }
}
