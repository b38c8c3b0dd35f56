import { describe, expect, it } from 'vitest';
import { MetricHistory } from './history';

describe('MetricHistory', () => {
  it('keeps rows in order and replaces a row for the same step', () => {
    const h = new MetricHistory(10);
    h.push(0, { jsd: 0.7, v: null });
    h.push(10, { jsd: 0.5, v: -1 });
    h.push(10, { jsd: 0.4, v: -1.1 });
    expect(h.series('jsd')).toEqual([
      [0, 0.7],
      [10, 0.4],
    ]);
    expect(h.series('v')).toEqual([[10, -1.1]]);
    expect(h.series('missing')).toEqual([]);
  });

  it('stays within its capacity and keeps the first and newest rows', () => {
    const h = new MetricHistory(8);
    for (let step = 0; step < 1000; step++) h.push(step, { x: step });
    expect(h.length).toBeLessThanOrEqual(8);
    expect(h.rows[0]?.step).toBe(0);
    expect(h.rows.at(-1)?.step).toBe(999);
    const steps = h.rows.map((r) => r.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    h.clear();
    expect(h.length).toBe(0);
  });

  it('rejects a tiny capacity', () => {
    expect(() => new MetricHistory(2)).toThrow(/capacity must be an integer >= 4/);
  });
});
