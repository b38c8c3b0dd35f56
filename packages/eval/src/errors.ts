import { type ErrorKinds, GantryError, type GantryErrorDetails } from '@gantry/core';

const METRIC_ERROR_KINDS = {
  E_SHAPE: 'failure',
  E_INVALID_ARGUMENT: 'usage',
  E_TOO_FEW_SAMPLES: 'failure',
  E_NOT_FINITE: 'failure',
  E_NOT_NORMALISED: 'failure',
  E_DATA: 'failure',
  E_UNSUPPORTED: 'usage',
} as const satisfies ErrorKinds;

/**
 * Codes of {@link MetricError}: `E_SHAPE` (wrong type, length or dimensions, e.g. mismatched
 * feature widths), `E_INVALID_ARGUMENT` (a value out of its domain), `E_TOO_FEW_SAMPLES` (e.g.
 * n < 2 for a covariance), `E_NOT_FINITE` (NaN or ±Infinity in an input), `E_NOT_NORMALISED`
 * (probability rows not summing to 1), `E_DATA` (a run or data set lacks what a metric needs),
 * `E_UNSUPPORTED` (a metric that does not apply to the input).
 */
export type MetricErrorCode = keyof typeof METRIC_ERROR_KINDS;

/**
 * A metric of `@gantry/eval` was given bad input; `details.option` names the argument at fault
 * and, where it helps, what was expected and what was found.
 *
 * @example
 * try { frechetDistance(a, b); } catch (e) { if (e instanceof MetricError) console.log(e.code); }
 */
export class MetricError extends GantryError<MetricErrorCode> {
  constructor(
    code: MetricErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    super(code, message, { details, cause, kind: METRIC_ERROR_KINDS[code] });
    this.name = 'MetricError';
  }
}
