import { jsDivergence } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { theoryDiagnostics } from './diagnostics';

const logit = (p: number) => Math.log(p / (1 - p));

describe('theoryDiagnostics', () => {
  it('reads D = ½ everywhere as the global optimum: V = −log 4, JSD 0', () => {
    const d = theoryDiagnostics([0, 0, 0], [0, 0]);
    expect(d.meanDReal).toBe(0.5);
    expect(d.meanDFake).toBe(0.5);
    expect(d.value).toBeCloseTo(-Math.log(4), 12);
    expect(d.jsdEstimate).toBeCloseTo(0, 12);
  });

  it('recovers JSD(p_data ‖ p_g) exactly from the optimal D* = p_data/(p_data + p_g)', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const q = [0.4, 0.3, 0.2, 0.1];
    // Samples in exact proportion: 10·p_i copies of point i from p_data, 10·q_i from p_g.
    const real: number[] = [];
    const fake: number[] = [];
    for (let i = 0; i < 4; i++) {
      const dStar = (p[i] as number) / ((p[i] as number) + (q[i] as number));
      for (let c = 0; c < Math.round(10 * (p[i] as number)); c++) real.push(logit(dStar));
      for (let c = 0; c < Math.round(10 * (q[i] as number)); c++) fake.push(logit(dStar));
    }
    const d = theoryDiagnostics(real, fake);
    expect(d.jsdEstimate).toBeCloseTo(jsDivergence(p, q), 12);
    expect(d.nReal).toBe(10);
  });

  it('stays finite for saturated logits of ±1000, and rejects a NaN naming its index', () => {
    const d = theoryDiagnostics([1000, -1000], [1000, -1000]);
    expect(Number.isFinite(d.value)).toBe(true);
    expect(d.value).toBeCloseTo(-500 - 500, 6);
    expect(() => theoryDiagnostics([0, Number.NaN], [0])).toThrow('realLogits[1] is NaN');
    expect(() => theoryDiagnostics([], [0])).toThrow('realLogits must hold at least one logit');
  });
});
