import { isGantryError } from '@gantry/core';
import { expect } from 'vitest';
import { MetricError } from '../errors';

/** Test helper: asserts that `fn` throws a {@link MetricError} with `code`. */
export function expectMetricError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricError);
    expect(isGantryError(error, code)).toBe(true);
    return;
  }
  expect.unreachable(`expected a MetricError ${code}`);
}
