import { describe, expect, it } from 'vitest';
import { heatColor } from './colors';

describe('heatColor', () => {
  it('is white at the equilibrium, green for real, purple for fake, clamped beyond', () => {
    expect(heatColor(0.5, 0, 0.5, 1)).toEqual([247, 247, 247]);
    expect(heatColor(1, 0, 0.5, 1)).toEqual([26, 152, 80]);
    expect(heatColor(7, 0, 0.5, 1)).toEqual([26, 152, 80]);
    expect(heatColor(0, 0, 0.5, 1)).toEqual([123, 50, 148]);
    expect(heatColor(-3, -1, 0, 1)).toEqual([123, 50, 148]);
    expect(heatColor(0.75, 0, 0.5, 1)).toEqual([137, 200, 164]);
    expect(heatColor(Number.NaN, 0, 0.5, 1)).toEqual([247, 247, 247]);
  });
});
