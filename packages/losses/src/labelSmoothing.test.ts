import { isGantryError } from '@gantry/core';
import { expectClose, useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLoss } from './registry';

const REAL = [2.5, -0.3, 0.7, 4];
const FAKE = [-1.2, 0.4, -3, 1.1];

/** D loss and its gradients in D's outputs. */
function dLoss(name: string, options: Record<string, number>, real: number[], fake: number[]) {
  const loss = getLoss(name, options);
  return tf.tidy(() => {
    const r = tf.tensor1d(real);
    const f = tf.tensor1d(fake);
    const value = loss.discriminatorLoss(r, f).dataSync()[0] as number;
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss.discriminatorLoss(a, b))([r, f]);
    return [value, ...grads.flatMap((g) => Array.from(g.dataSync()))];
  });
}

/**
 * TF-GAN's minimax/modified D loss (losses_impl.py): sigmoid cross-entropy on real logits with
 * labels smoothed towards ½, t = 1·(1 − ls) + ½·ls, plus −log(1 − σ(f)) on fakes, batch means;
 * tf.nn.sigmoid_cross_entropy_with_logits(t, x) = max(x, 0) − x·t + log(1 + e^(−|x|)).
 */
function tfganDiscriminatorLoss(real: number[], fake: number[], ls: number): number {
  const t = 1 - ls + 0.5 * ls;
  const xent = (x: number, label: number) =>
    Math.max(x, 0) - x * label + Math.log1p(Math.exp(-Math.abs(x)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return mean(real.map((x) => xent(x, t))) + mean(fake.map((x) => xent(x, 0)));
}

describe('label smoothing: ours (1 − ε) and TF-GAN’s (1 − ls/2)', () => {
  beforeAll(useCpuBackend);

  it.each(['minimax', 'non-saturating'])(
    '%s: tfganLabelSmoothing ls is labelSmoothing ls/2',
    (n) => {
      for (const ls of [0.25, 0.6]) {
        const ours = dLoss(n, { labelSmoothing: ls / 2 }, REAL, FAKE);
        const tfgan = dLoss(n, { tfganLabelSmoothing: ls }, REAL, FAKE);
        expect(tfgan).toEqual(ours);
        expectClose([tfgan[0] as number], [tfganDiscriminatorLoss(REAL, FAKE, ls)], {
          rtol: 1e-6,
          atol: 1e-6,
        });
      }
      expect(getLoss(n, { tfganLabelSmoothing: 0.25 }).options).toEqual({
        labelSmoothing: 0.125,
        r1Gamma: 0,
      });
    },
  );

  it('matches TF-GAN’s formula at a closed-form point (its default ls = 0.25)', () => {
    // σ(ln 3) = ¾: real term t·log(4/3) + (1 − t)·log 4 with t = 0.875; fake term −log(1 − ¼).
    const closed = 0.875 * Math.log(4 / 3) + 0.125 * Math.log(4) + Math.log(4 / 3);
    expect(tfganDiscriminatorLoss([Math.log(3)], [-Math.log(3)], 0.25)).toBeCloseTo(closed, 12);
    const value = dLoss('minimax', { tfganLabelSmoothing: 0.25 }, [Math.log(3)], [-Math.log(3)]);
    expect(value[0]).toBeCloseTo(closed, 6);
    // The real logit's gradient vanishes where σ(r) hits the target: σ(ln 7) = 0.875.
    const atTarget = dLoss('minimax', { tfganLabelSmoothing: 0.25 }, [Math.log(7)], [0]);
    expect(atTarget[1]).toBeCloseTo(0, 6);
  });

  it('rejects both names at once, ls outside [0, 1), and the option on other losses', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [
        () => getLoss('minimax', { labelSmoothing: 0.1, tfganLabelSmoothing: 0.2 }),
        'E_BAD_OPTION',
        /loss "minimax": give labelSmoothing or tfganLabelSmoothing, not both/,
      ],
      [
        () => getLoss('non-saturating', { tfganLabelSmoothing: 1 }),
        'E_BAD_OPTION',
        /option tfganLabelSmoothing must be in \[0, 1\), got 1/,
      ],
      [
        () => getLoss('minimax', { tfganLabelSmoothing: Number.NaN }),
        'E_BAD_OPTION',
        /option tfganLabelSmoothing must be in \[0, 1\), got NaN/,
      ],
      [
        () => getLoss('minimax', { smoothing: 0.1 }),
        'E_UNKNOWN_OPTION',
        /has no option "smoothing"; known: labelSmoothing, r1Gamma, tfganLabelSmoothing$/,
      ],
      [
        () => getLoss('hinge', { tfganLabelSmoothing: 0.25 }),
        'E_UNKNOWN_OPTION',
        /loss "hinge" has no option "tfganLabelSmoothing"; known: r1Gamma$/,
      ],
    ];
    for (const [fn, code, message] of cases) {
      try {
        fn();
        expect.unreachable(code);
      } catch (error) {
        expect(isGantryError(error, code), String(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    }
  });
});
