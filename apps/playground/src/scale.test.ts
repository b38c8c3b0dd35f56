import { describe, expect, it } from 'vitest';
import { formatNumber, linearScale, niceTicks } from './scale';

describe('linearScale', () => {
  it('maps and inverts, also reversed', () => {
    const s = linearScale([0, 1], [100, 0]);
    expect(s(0.25)).toBe(75);
    expect(s.invert(75)).toBe(0.25);
    expect(linearScale([2, 2], [0, 10])(5)).toBe(5);
  });
});

describe('niceTicks', () => {
  it('uses steps of 1, 2 or 5 × 10ⁿ inside the interval', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-1.55, 0.85, 5)).toEqual([-1.5, -1, -0.5, 0, 0.5]);
    expect(niceTicks(0, 1500, 6)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(1, 1)).toEqual([]);
    expect(niceTicks(0, Number.NaN)).toEqual([]);
  });
});

describe('formatNumber', () => {
  it('prints moderate values fixed, tiny and huge ones with an exponent', () => {
    expect(formatNumber(-1.386294, 4)).toBe('-1.3863');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1.2e-6)).toBe('1.2e-6');
    expect(formatNumber(3e7)).toBe('3.0e+7');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('−∞');
  });
});
