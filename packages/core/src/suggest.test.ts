import { describe, expect, it } from 'vitest';
import { closestMatch } from './suggest';

describe('closestMatch', () => {
  it('suggests the nearest name within a third of its length, else nothing', () => {
    const names = ['mnist-sample', 'mnist', 'fashion-mnist', 'ring2d', 'grid2d'];
    expect(closestMatch('rign2d', names)).toBe('ring2d');
    expect(closestMatch('fashoin-mnist', names)).toBe('fashion-mnist');
    expect(closestMatch('MNST', names)).toBe('mnist');
    expect(closestMatch('imagenet', names)).toBeUndefined();
    expect(closestMatch('stpes', ['steps', 'epochs'])).toBe('steps');
    expect(
      closestMatch('batch_size', ['batchSize'], (s) => s.toLowerCase().replace(/_/g, '')),
    ).toBe('batchSize');
  });
});
