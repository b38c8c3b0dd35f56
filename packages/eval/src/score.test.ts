import { createRng } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { expectMetricError } from './__tests__/expectMetricError';
import { classCoverage, classCoverageFromProbs, inceptionScore } from './score';

/** n×k one-hot rows, row i on class labels[i]. */
function oneHot(labels: number[], k: number): Float64Array {
  const out = new Float64Array(labels.length * k);
  labels.forEach((label, i) => {
    out[i * k + label] = 1;
  });
  return out;
}

describe('inceptionScore', () => {
  it('is k for confident predictions spread evenly over the k classes', () => {
    const k = 10;
    const labels = Array.from({ length: 100 }, (_, i) => i % k);
    const is10 = inceptionScore(oneHot(labels, k), 100, k); // every split holds each class once
    expect(is10.mean).toBeCloseTo(k, 12);
    expect(is10.std).toBeLessThan(1e-12);
    expect(is10.splits).toBe(10);
    expect(inceptionScore(oneHot(labels, k), 100, k, { splits: 1 }).mean).toBeCloseTo(k, 12);
  });

  it('is 1 when every row is the same distribution', () => {
    const row = [0.1, 0.2, 0.3, 0.4];
    const probs = Float64Array.from({ length: 40 }, (_, i) => row[i % 4] as number);
    const is = inceptionScore(probs, 10, 4, { splits: 2 });
    expect(is.mean).toBeCloseTo(1, 14);
    expect(is.std).toBeLessThan(1e-14);
  });

  it('matches a hand computation with a zero probability (0·ln 0 = 0)', () => {
    // Rows (1, 0) and (½, ½): p(y) = (¾, ¼); KL₁ = ln(4/3), KL₂ = ½ ln(2/3) + ½ ln 2 = ½ ln(4/3).
    const is = inceptionScore(new Float64Array([1, 0, 0.5, 0.5]), 2, 2, { splits: 1 });
    expect(is.mean).toBeCloseTo((4 / 3) ** 0.75, 14);
  });

  it('cuts consecutive splits at ⌊i·n/splits⌋ and reports their mean and population s.d.', () => {
    // n = 5, splits = 2: rows [0, 2) (identical: IS 1) and [2, 5) (one-hot on 3 classes: IS 3).
    const probs = new Float64Array([
      ...[0.5, 0.5, 0],
      ...[0.5, 0.5, 0],
      ...[1, 0, 0],
      ...[0, 1, 0],
      ...[0, 0, 1],
    ]);
    const is = inceptionScore(probs, 5, 3, { splits: 2 });
    expect(is.mean).toBeCloseTo(2, 12);
    expect(is.std).toBeCloseTo(1, 12);
  });

  it('accepts Float32 softmax outputs', () => {
    const rng = createRng(1);
    const n = 30;
    const k = 5;
    const probs = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += probs[i * k + j] = Math.exp(2 * rng.normal());
      for (let j = 0; j < k; j++) probs[i * k + j] = (probs[i * k + j] as number) / sum;
    }
    const is = inceptionScore(probs, n, k, { splits: 3 });
    expect(is.mean).toBeGreaterThan(1);
    expect(is.mean).toBeLessThan(k);
  });

  it('rejects unnormalised rows, negative entries and bad splits', () => {
    expectMetricError(
      () => inceptionScore(new Float64Array([0.5, 0.49, 0.5, 0.5]), 2, 2, { splits: 1 }),
      'E_NOT_NORMALISED',
    );
    expectMetricError(
      () => inceptionScore(new Float64Array([1.5, -0.5, 0.5, 0.5]), 2, 2, { splits: 1 }),
      'E_INVALID_ARGUMENT',
    );
    const ok = new Float64Array([1, 0, 0, 1]);
    expectMetricError(() => inceptionScore(ok, 2, 2), 'E_TOO_FEW_SAMPLES'); // 10 splits > 2 rows
    expectMetricError(() => inceptionScore(ok, 2, 2, { splits: 0 }), 'E_INVALID_ARGUMENT');
    expectMetricError(() => inceptionScore(ok, 2, 3, { splits: 1 }), 'E_SHAPE');
    // Within the 1e-3 tolerance is fine.
    expect(
      inceptionScore(new Float64Array([0.9995, 0, 0, 1]), 2, 2, { splits: 1 }).mean,
    ).toBeGreaterThan(1);
  });
});

describe('classCoverage', () => {
  it('counts labels, classes hit and the entropy of the histogram', () => {
    const c = classCoverage({ labels: new Int32Array([0, 1, 1, 3]), numClasses: 4 });
    expect(c.histogram).toEqual([1, 2, 0, 1]);
    expect(c.classesHit).toBe(3);
    expect(c.total).toBe(4);
    expect(c.numClasses).toBe(4);
    const h = -(0.25 * Math.log(0.25) * 2 + 0.5 * Math.log(0.5));
    expect(c.entropy).toBeCloseTo(h, 14);
    expect(c.normalizedEntropy).toBeCloseTo(h / Math.log(4), 14);
  });

  it('gives ln k for an even histogram and 0 for a single class', () => {
    const even = classCoverage({ labels: [0, 1, 2, 3, 4, 0, 1, 2, 3, 4], numClasses: 5 });
    expect(even.entropy).toBeCloseTo(Math.log(5), 14);
    expect(even.normalizedEntropy).toBeCloseTo(1, 14);
    expect(even.classesHit).toBe(5);
    const collapsed = classCoverage({ labels: [2, 2, 2], numClasses: 10 });
    expect(collapsed.entropy).toBe(0);
    expect(collapsed.normalizedEntropy).toBe(0);
    expect(collapsed.classesHit).toBe(1);
  });

  it('labels probability rows by their argmax, ties to the lowest class', () => {
    const probs = new Float64Array([0.2, 0.7, 0.1, 0.5, 0.5, 0, 0.1, 0.1, 0.8, 0.05, 0.9, 0.05]);
    const c = classCoverageFromProbs(probs, 4, 3);
    expect(c.histogram).toEqual([1, 2, 1]);
    expect(classCoverage({ probs, n: 4, k: 3 })).toEqual(c);
  });

  it('rejects labels out of range, non-integers, empty input and fewer than 2 classes', () => {
    expectMetricError(() => classCoverage({ labels: [0, 3], numClasses: 3 }), 'E_INVALID_ARGUMENT');
    expectMetricError(
      () => classCoverage({ labels: [0, 1.5], numClasses: 3 }),
      'E_INVALID_ARGUMENT',
    );
    expectMetricError(() => classCoverage({ labels: [-1], numClasses: 3 }), 'E_INVALID_ARGUMENT');
    expectMetricError(() => classCoverage({ labels: [], numClasses: 3 }), 'E_TOO_FEW_SAMPLES');
    expectMetricError(() => classCoverage({ labels: [0], numClasses: 1 }), 'E_INVALID_ARGUMENT');
    expectMetricError(
      () => classCoverageFromProbs(new Float64Array([0.5, 0.6]), 1, 2),
      'E_NOT_NORMALISED',
    );
  });
});
