// The Sum and Mean gradients installed by registerNativeBackend: their closed forms (exact:
// dy broadcast, dy/n broadcast), to second order (a gradient of the gradient), and that they
// tile dy instead of multiplying by a full-size tensor of ones.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSameOnBoth, randn, setupBackends, testRng } from '../_testing';

beforeAll(async () => {
  await setupBackends();
});

const CASES: [number[], number | number[]][] = [
  [[7], 0],
  [[2, 3, 4], 1],
  [
    [2, 3, 4],
    [0, 2],
  ],
  [
    [3, 4, 5, 6],
    [0, 1, 2],
  ], // batch-norm moments: every axis but the channels
  [[2, 3, 4], -1],
  [
    [2, 3],
    [0, 1],
  ],
];

const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

describe('the Sum and Mean gradients', () => {
  it.each(CASES)(
    'shape %j, axis %j: dy (Sum) and dy / n (Mean) at every entry, exactly',
    async (shape, axis) => {
      const rng = testRng(`reduce-grad-${shape}-${axis}`);
      const x = randn(rng, shape);
      const axes = tf.util.parseAxisParam(axis, shape);
      const outShape = shape.filter((_, i) => !axes.includes(i));
      const w = randn(rng, outShape);
      const n = axes.reduce((p, a) => p * (shape[a] as number), 1);
      // The entry of w that x[i] reduces into.
      const strides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
      const target = (i: number) => {
        let o = 0;
        shape.forEach((d, k) => {
          if (!axes.includes(k)) o = o * d + (Math.floor(i / (strides[k] as number)) % d);
        });
        return w[o] as number;
      };
      for (const [op, scale] of [
        [tf.sum, 1],
        [tf.mean, n],
      ] as const) {
        const got = await expectSameOnBoth(
          () =>
            tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t, axis), tf.tensor(w, outShape))))(
              tf.tensor(x, shape),
            ),
          { rtol: 0, label: `${op.name} ${shape} over ${axis}` },
        );
        const values = got.values[0] as Float32Array;
        for (let i = 0; i < x.length; i++) {
          const expected = scale === 1 ? target(i) : Math.fround(target(i) / scale);
          if (values[i] !== expected) expect(values[i], `entry ${i}`).toBe(expected);
        }
      }
    },
  );

  it('to second order: ∇ₓ Σ(∇ₓ mean(x²))² = 8x/n², over all axes and over one', async () => {
    const rng = testRng('reduce-grad-2nd');
    const x = randn(rng, [4, 5]);
    for (const [axis, n] of [
      [[0, 1], 20],
      [1, 5],
    ] as [number | number[], number][]) {
      const got = await expectSameOnBoth(
        () => {
          const f = (t: tf.Tensor) => tf.sum(tf.mean(tf.square(t), axis));
          const penalty = (t: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(t)));
          return tf.grad(penalty)(tf.tensor(x, [4, 5]));
        },
        { label: `second order over ${axis}` },
      );
      const values = got.values[0] as Float32Array;
      x.forEach((v, i) => expect(values[i]).toBeCloseTo((8 * v) / (n * n), 6));
    }
  });

  it('tiles dy: no Multiply as large as x (tfjs-core multiplies by a ones tensor of x’s size)', async () => {
    await tf.setBackend('native');
    const x = tf.tensor(randn(testRng('reduce-grad-kernels'), [8, 6, 6, 4]), [8, 6, 6, 4]);
    const profile = await tf.profile(() =>
      tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.mean(t, [0, 1, 2]))))(x)),
    );
    const big = profile.kernels.filter(
      (k) => k.name === 'Multiply' && sizeOf(k.outputShapes[0] ?? []) >= x.size,
    );
    expect(big).toEqual([]);
    expect(profile.kernels.map((k) => k.name)).toContain('Tile');
    x.dispose();
  });
});
