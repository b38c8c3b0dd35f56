import type * as tf from '@tensorflow/tfjs-core';
import { MetricError } from './errors';
import type { FeatureMatrix } from './featureMatrix';

/** @internal Throws `E_INVALID_ARGUMENT` unless `value` is an integer ≥ `min`. */
export function checkInteger(value: number, min: number, argument: string, fn: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new MetricError(
      'E_INVALID_ARGUMENT',
      `${fn}: ${argument} must be an integer >= ${min}, got ${String(value)}`,
      { option: argument, expected: `integer >= ${min}`, actual: value },
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
      { option: argument, expected: 'Float32Array | Float64Array' },
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
        { option: `${argument}.${name}`, actual: size },
      );
    }
  }
  if (data.length !== n * d) {
    throw new MetricError(
      'E_SHAPE',
      `${fn}: ${argument} must hold n·d = ${n}·${d} = ${n * d} numbers, got ${data.length}`,
      { option: argument, expected: n * d, actual: data.length, n, d },
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      throw new MetricError(
        'E_NOT_FINITE',
        `${fn}: ${argument}[${i}] (row ${Math.floor(i / d)}, column ${i % d}) is ${data[i]}, expected a finite number`,
        { option: argument, index: i, value: data[i] },
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
      { option: argument },
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
      { option: 'b.d', expected: da, actual: db },
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
          { option: argument, row: i, column: j, gap },
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
        { option: `${name}.n`, expected: '>= 2', actual: m.n },
      );
    }
  }
}

/** @internal Throws unless `t` is a non-empty N×d tensor (with `d` columns when given). */
export function checkTensor2d(name: string, t: tf.Tensor, d?: number): void {
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || t.shape.length !== 2) {
    throw new MetricError(
      'E_SHAPE',
      `${name} must be a 2-D tensor (N×d, one flattened sample per row), got ${
        Array.isArray(t?.shape) ? `shape [${t.shape.join(', ')}]` : typeof t
      }`,
      { option: name },
    );
  }
  if (d !== undefined && t.shape[1] !== d) {
    throw new MetricError(
      'E_SHAPE',
      `${name} has ${t.shape[1]} values per row but the samples have ${d}`,
      { option: name, expected: d, actual: t.shape[1] },
    );
  }
  if ((t.shape[0] as number) < 1) {
    throw new MetricError('E_TOO_FEW_SAMPLES', `${name} is empty`, { option: name });
  }
}
