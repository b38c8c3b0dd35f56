// The fused optimizer update against its formula written out in float32 (one Math.fround per
// operation, in @gantry/core's order): the same bits at 1 thread and split over TEST_THREADS.
import { isGantryError, OPTIMIZER_UPDATE_KERNEL, type OptimizerUpdateAttrs } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { randn, setupBackends, TEST_THREADS, testRng, withThreads } from '../_testing';

beforeAll(async () => {
  await setupBackends();
  await tf.setBackend('native');
});

const f = Math.fround;
const N = 40_000;

/** θ', slots' of one update, entry by entry in float32. */
function reference(
  kind: OptimizerUpdateAttrs['kind'],
  c: number[],
  x: number,
  g: number,
  s0: number,
  s1: number,
) {
  if (kind === 'sgd') {
    const v = f(f(s0 * (c[0] as number)) - f(g * (c[1] as number)));
    return [f(x + v), v];
  }
  if (kind === 'adam') {
    const [b1, b1c, b2, b2c, lrFix, fix2, eps] = c as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const m = f(f(s0 * b1) + f(g * b1c));
    const v = f(f(s1 * b2) + f(f(g * g) * b2c));
    return [f(x - f(f(m * lrFix) / f(f(Math.sqrt(f(v / fix2))) + eps))), m, v];
  }
  const [a, ac, lr, eps] = c as [number, number, number, number];
  const s = f(f(s0 * a) + f(f(g * g) * ac));
  return [f(x - f(f(g * lr) / f(f(Math.sqrt(s)) + eps))), s];
}

const CASES: [OptimizerUpdateAttrs['kind'], number[]][] = [
  ['sgd', [0.6, 0.1]],
  ['adam', [0.5, 0.5, 0.999, 1 - 0.999, 2e-4 / (1 - 0.5 ** 3), 1 - 0.999 ** 3, 1e-8]],
  ['rmsprop', [0.99, 1 - 0.99, 5e-5, 1e-8]],
];

describe(OPTIMIZER_UPDATE_KERNEL, () => {
  it.each(CASES)(
    `%s: the float32 formula, bit for bit, at 1 and ${TEST_THREADS} threads`,
    (kind, raw) => {
      const constants = raw.map(f);
      const rng = testRng(`optimizer-${kind}`);
      const [x, g, s0] = [0, 1, 2].map(() => Array.from(randn(rng, [N]))) as [
        number[],
        number[],
        number[],
      ];
      const s1 = Array.from(randn(rng, [N]), (v) => f(v * v)); // Adam's v is ≥ 0
      const want = x.map((xi, i) =>
        reference(kind, constants, xi, g[i] as number, s0[i] as number, s1[i] as number),
      );
      const run = () =>
        tf.tidy(() => {
          const inputs = {
            x: tf.tensor(x),
            g: tf.tensor(g),
            s0: tf.tensor(s0),
            ...(kind === 'adam' ? { s1: tf.tensor(s1) } : {}),
          };
          const outs = tf.engine().runKernel(OPTIMIZER_UPDATE_KERNEL, inputs, {
            kind,
            constants,
          } as unknown as tf.NamedAttrMap) as tf.Tensor[];
          return outs.map((t) => Array.from(t.dataSync()));
        });
      const expected = want[0]?.map((_, j) => want.map((row) => row[j] as number));
      expect(run()).toEqual(expected);
      expect(withThreads(TEST_THREADS, run)).toEqual(expected);
    },
  );

  it('refuses a call with the wrong constants or sizes, by name', () => {
    const call = (constants: number[], gSize: number) =>
      tf.tidy(() =>
        tf
          .engine()
          .runKernel(
            OPTIMIZER_UPDATE_KERNEL,
            { x: tf.zeros([4]), g: tf.zeros([gSize]), s0: tf.zeros([4]) },
            { kind: 'sgd', constants } as unknown as tf.NamedAttrMap,
          ),
      );
    for (const bad of [() => call([0.5], 4), () => call([0.5, 0.1], 3)]) {
      try {
        bad();
        expect.unreachable('accepted a bad call');
      } catch (error) {
        expect(isGantryError(error, 'E_INVALID_ARGUMENT')).toBe(true);
        expect(String(error)).toContain(OPTIMIZER_UPDATE_KERNEL);
      }
    }
  });
});
