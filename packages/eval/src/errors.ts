import { gantryErrorClass } from '@gantry/core';

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
 * A metric of `@gantry/eval` was given bad input; `details.option` names the argument at fault
 * and, where it helps, what was expected and what was found.
 *
 * @example
 * try { frechetDistance(a, b); } catch (e) { if (e instanceof MetricError) console.log(e.code); }
 */
export class MetricError extends gantryErrorClass<MetricErrorCode>('MetricError', [
  'E_INVALID_ARGUMENT',
  'E_UNSUPPORTED',
]) {}
