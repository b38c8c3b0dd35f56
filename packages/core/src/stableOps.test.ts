import { expectClose, useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureTensorGrowth } from './memory';
import { log1mSigmoid, logMeanExp, logSigmoid, logSumExp, softplus } from './stableOps';

const POINTS = [-1e4, -1000, -50, -20, -3, -1, -1e-3, 0, 1e-3, 1, 3, 20, 50, 1000, 1e4];
const softplus64 = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid64 = (x: number) =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));

function valueAndGrad(f: (x: tf.Tensor) => tf.Tensor, xs: number[]) {
  return tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const value = f(x).dataSync();
    const grad = tf
      .grad((t: tf.Tensor) => tf.sum(f(t)))(x)
      .dataSync();
    return { value: Array.from(value), grad: Array.from(grad) };
  });
}

describe('stable ops', () => {
  beforeAll(useCpuBackend);

  it('softplus is exact and finite from -1e4 to 1e4, with gradient σ(x)', () => {
    const { value, grad } = valueAndGrad(softplus, POINTS);
    expectClose(value, POINTS.map(softplus64));
    expectClose(grad, POINTS.map(sigmoid64));
    expect(grad[POINTS.indexOf(0)]).toBeCloseTo(0.5, 7);
  });

  it('logSigmoid = −softplus(−x) with gradient σ(−x)', () => {
    const { value, grad } = valueAndGrad(logSigmoid, POINTS);
    expectClose(
      value,
      POINTS.map((x) => -softplus64(-x)),
    );
    expectClose(
      grad,
      POINTS.map((x) => sigmoid64(-x)),
    );
    expect(value[0]).toBe(-1e4);
  });

  it('log1mSigmoid = log(1 − σ(x)) with gradient −σ(x)', () => {
    const { value, grad } = valueAndGrad(log1mSigmoid, POINTS);
    expectClose(
      value,
      POINTS.map((x) => -softplus64(x)),
    );
    expectClose(
      grad,
      POINTS.map((x) => -sigmoid64(x)),
    );
    expect(value.at(-1)).toBe(-1e4);
  });

  it('logSumExp is stable for huge entries and has gradient softmax(x)', () => {
    const xs = [1e4, 1e4 - 1, -1e4, 3];
    const { value, grad } = valueAndGrad((x) => logSumExp(x), xs);
    const lse = 1e4 + Math.log(1 + Math.exp(-1));
    expectClose(value, [lse]);
    expectClose(
      grad,
      xs.map((x) => Math.exp(x - lse)),
    );
    tf.tidy(() => {
      const m = tf.tensor2d([
        [0, 0, 0],
        [-1000, -1000, -1000],
      ]);
      expectClose(logSumExp(m, 1).dataSync(), [Math.log(3), -1000 + Math.log(3)]);
      expect(logSumExp(m, -1, true).shape).toEqual([2, 1]);
      expectClose(logSumExp(tf.tensor1d([Number.NEGATIVE_INFINITY, 0])).dataSync(), [0]);
    });
  });

  it('logMeanExp subtracts log n', () => {
    tf.tidy(() => {
      expectClose(logMeanExp(tf.tensor1d([0, 0, 0, 0])).dataSync(), [0]);
      const m = tf.tensor2d([
        [1e4, 1e4],
        [1, 3],
      ]);
      expectClose(logMeanExp(m, 1).dataSync(), [1e4, Math.log((Math.E + Math.E ** 3) / 2)]);
    });
  });

  it('does not leak tensors over many calls', async () => {
    const x = tf.tensor1d(POINTS);
    for (const f of [softplus, logSigmoid, log1mSigmoid, (t: tf.Tensor) => logMeanExp(t)]) {
      const { growth } = await measureTensorGrowth(
        () => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x)),
        { iterations: 200 },
      );
      expect(growth).toBe(0);
    }
    x.dispose();
  });
});
