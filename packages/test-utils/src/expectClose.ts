import { expect } from 'vitest';

/** Asserts |actualᵢ − expectedᵢ| ≤ atol + rtol·|expectedᵢ| and finiteness, entry by entry. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-6, atol = 1e-7 }: { rtol?: number; atol?: number } = {},
): void {
  expect(actual.length, 'length').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    expect(Number.isFinite(a), `entry ${i} is ${a}`).toBe(true);
    expect(Math.abs(a - e), `entry ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(
      atol + rtol * Math.abs(e),
    );
  }
}
