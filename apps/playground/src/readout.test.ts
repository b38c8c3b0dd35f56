import { getLoss, LOSS_NAMES } from '@gantry/losses';
import { describe, expect, it } from 'vitest';
import { readoutFor, readValues, sigmoid, valueRange } from './readout';

describe('sigmoid', () => {
  it('is finite and exact at large |x|', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(-745)).toBeGreaterThan(0);
    expect(sigmoid(2) + sigmoid(-2)).toBeCloseTo(1, 15);
  });
});

describe('readoutFor', () => {
  it('reads log losses as probabilities with equilibrium ½', () => {
    for (const name of ['minimax', 'non-saturating']) {
      expect(readoutFor(getLoss(name))).toMatchObject({
        sigmoid: true,
        range: [0, 1],
        equilibrium: 0.5,
      });
    }
  });

  it('reads least squares on the scale of its codes, equilibrium (a + b)/2', () => {
    expect(readoutFor(getLoss('lsgan'))).toMatchObject({
      sigmoid: false,
      equilibrium: 0.5,
      range: [-0.25, 1.25],
    });
    expect(readoutFor(getLoss('lsgan-chi2'))).toMatchObject({ equilibrium: 0, range: [-1.5, 1.5] });
    expect(readoutFor(getLoss('regularized-least-squares')).equilibrium).toBe(0.5);
    expect(readoutFor(getLoss('hinge')).equilibrium).toBe(0);
  });

  it('has no fixed range or equilibrium for critics defined up to a constant', () => {
    for (const name of ['wasserstein', 'wasserstein-gp', 'relativistic-average']) {
      expect(readoutFor(getLoss(name))).toMatchObject({ range: null, equilibrium: null });
    }
    expect(LOSS_NAMES.every((n) => readoutFor(getLoss(n)).label.length > 0)).toBe(true);
  });
});

describe('readValues / valueRange', () => {
  it('applies σ only for log losses', () => {
    expect(Array.from(readValues(readoutFor(getLoss('minimax')), [0, 1000]))).toEqual([0.5, 1]);
    expect(Array.from(readValues(readoutFor(getLoss('hinge')), [0, 3]))).toEqual([0, 3]);
  });

  it('fits values, padded, where the readout has no fixed range', () => {
    const free = readoutFor(getLoss('wasserstein'));
    expect(valueRange(free, [1, 3])).toEqual([0.8, 3.2]);
    expect(valueRange(free, [2, 2])).toEqual([1.5, 2.5]);
    expect(valueRange(free, [1, 3], [5])).toEqual([0.6, 5.4]);
    expect(valueRange(free, [Number.NaN])).toEqual([-1, 1]);
    expect(valueRange(readoutFor(getLoss('minimax')), [7])).toEqual([0, 1]);
  });
});
