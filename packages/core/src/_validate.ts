import { InvalidArgumentError } from './errors';

/** Tolerance on |Σp − 1| for an array to count as a probability distribution. */
export const SUM_TOLERANCE = 1e-6;

/** Throws unless `values` is a non-empty array of finite numbers. */
export function checkFiniteArray(values: ArrayLike<number>, argument: string, fn: string): void {
  if (values == null || typeof values.length !== 'number') {
    throw new InvalidArgumentError(
      'E_INVALID_ARGUMENT',
      `${fn}: ${argument} must be an array of numbers`,
      {
        option: argument,
      },
    );
  }
  if (values.length === 0) {
    throw new InvalidArgumentError('E_EMPTY', `${fn}: ${argument} is empty`, { option: argument });
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(
        'E_NOT_FINITE',
        `${fn}: ${argument}[${i}] is ${String(v)}, expected a finite number`,
        { option: argument, index: i, value: v },
      );
    }
  }
}

/** Throws unless `p` is a probability vector: finite, ≥ 0, summing to 1 within {@link SUM_TOLERANCE}. */
export function checkDistribution(p: ArrayLike<number>, argument: string, fn: string): void {
  checkFiniteArray(p, argument, fn);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (v < 0) {
      throw new InvalidArgumentError(
        'E_NEGATIVE',
        `${fn}: ${argument}[${i}] is ${v}, a probability must be >= 0`,
        { option: argument, index: i, value: v },
      );
    }
    sum += v;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new InvalidArgumentError(
      'E_NOT_NORMALISED',
      `${fn}: ${argument} sums to ${sum}, expected 1 (±${SUM_TOLERANCE})`,
      { option: argument, sum },
    );
  }
}

/** Throws unless `a` and `b` have the same length. */
export function checkSameLength(
  a: ArrayLike<unknown>,
  b: ArrayLike<unknown>,
  names: [string, string],
  fn: string,
): void {
  if (a.length !== b.length) {
    throw new InvalidArgumentError(
      'E_LENGTH_MISMATCH',
      `${fn}: ${names[0]} has ${a.length} entries but ${names[1]} has ${b.length}`,
      { option: names[1], expected: a.length, actual: b.length },
    );
  }
}

/** Validates a pair of distributions over the same support. */
export function checkDistributionPair(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  fn: string,
  names: [string, string] = ['p', 'q'],
): void {
  checkDistribution(p, names[0], fn);
  checkDistribution(q, names[1], fn);
  checkSameLength(p, q, names, fn);
}
