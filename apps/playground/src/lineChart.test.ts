import { describe, expect, it } from 'vitest';
import { fitRange } from './lineChart';

describe('fitRange', () => {
  it('holds series and references, padded', () => {
    const r = fitRange({
      title: '',
      series: [
        {
          label: 'a',
          color: '#000',
          points: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
      references: [{ label: '−log 4', y: -Math.log(4) }],
    });
    expect(r[0]).toBeCloseTo(-Math.log(4) - 0.08 * (1 + Math.log(4)), 12);
    expect(r[1]).toBeCloseTo(1 + 0.08 * (1 + Math.log(4)), 12);
    expect(fitRange({ title: '', series: [] })).toEqual([0, 1]);
  });
});
