import { describe, expect, it } from 'vitest';
import { arrowScale } from './plot2d';

describe('arrowScale', () => {
  it('makes the longest arrow the given length', () => {
    expect(arrowScale([3, 4, 0.3, 0.4], 10)).toBe(2);
    expect(arrowScale([0, 0], 10)).toBe(0);
    expect(arrowScale([Number.NaN, 1, 0, 2], 10)).toBe(5);
  });
});
