// Kernel equivalence, webgpu (on SwiftShader) against tfjs's cpu: every op the shipped models,
// losses and optimizers use, forward and backward, at small shapes.
import '@tensorflow/tfjs';
import { logSigmoid, softplus } from '@gantry/core';
import { ensureComparisonGradients } from '@gantry/losses';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type OpCase, relativeError, runOp } from './_compare';
import { useSwiftShader } from './_swiftshader';

const ss = await useSwiftShader();
// `where(greater(a, b), …)` is differentiated as the losses do it: comparisons get a zero gradient.
ensureComparisonGradients();

/**
 * Tolerance on the scale-relative error max|a − b| / max|b|. float32 has ε = 2⁻²³ ≈ 1.2e-7; the
 * same sum of n terms taken in another order differs by at most ~n·ε, and by ~√n·ε for terms of
 * random sign as here (Higham, Accuracy and Stability, §4.2): ≈ 5.4e-6 for the longest sum, the
 * split-K matmul's n = 2,048. 5e-5 = 400ε leaves a margin of ~10 over that; a wrong index, a
 * dropped term or a wrong formula gives errors of order 1e-2 to 1.
 */
const TOLERANCE = 5e-5;

const relu = (x: tf.Tensor) => tf.relu(x);
const CASES: OpCase[] = [
  // Dense layers (tfjs-layers' Dense is fused.matMul) and their gradients' transposed matmuls.
  {
    name: 'matMul',
    shapes: [
      [8, 16],
      [16, 12],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: 'matMul transposeA',
    shapes: [
      [16, 8],
      [16, 12],
    ],
    fn: (a, b) => tf.matMul(a, b, true),
  },
  {
    name: 'matMul transposeB',
    shapes: [
      [8, 16],
      [12, 16],
    ],
    fn: (a, b) => tf.matMul(a, b, false, true),
  },
  {
    name: 'matMul large K',
    shapes: [
      [4, 784],
      [784, 24],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: 'matMul outer product',
    shapes: [
      [8, 1],
      [1, 16],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  // tfjs-backend-webgpu picks one of four matmul programs by shape: ≤ 128 outputs → reduce (the
  // cases above), few 32×32 tiles → small-output tiles, batch 1 and K ≥ 2000 → split-K (atomic
  // adds), else packed 32×32 tiles. Each is checked at a shape that selects it.
  {
    name: 'matMul small-output program',
    shapes: [
      [16, 32],
      [32, 64],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: 'matMul split-K program',
    shapes: [
      [16, 2048],
      [2048, 16],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: 'matMul packed program',
    shapes: [
      [128, 64],
      [64, 96],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: 'fused matMul + bias + relu',
    shapes: [[8, 16], [16, 12], [12]],
    fn: (a, b, bias) => tf.fused.matMul({ a, b, bias, activation: 'relu' }),
  },
  {
    name: 'fused matMul + bias, linear',
    shapes: [[8, 16], [16, 1], [1]],
    fn: (a, b, bias) => tf.fused.matMul({ a, b, bias }),
  },
  // Activations.
  { name: 'relu', shapes: [[64]], fn: relu },
  { name: 'leakyRelu 0.2', shapes: [[64]], fn: (x) => tf.leakyRelu(x, 0.2) },
  { name: 'sigmoid', shapes: [[64]], fn: (x) => tf.sigmoid(tf.mul(x, 4)) },
  { name: 'tanh', shapes: [[64]], fn: (x) => tf.tanh(tf.mul(x, 3)) },
  { name: 'tf.softplus', shapes: [[64]], fn: (x) => tf.softplus(tf.mul(x, 5)) },
  // The stable log-losses' ops (@gantry/core): softplus as relu(x) + log1p(exp(−|x|)).
  { name: 'core softplus', shapes: [[64]], fn: (x) => softplus(tf.mul(x, 5)) },
  { name: 'core logSigmoid', shapes: [[64]], fn: (x) => logSigmoid(tf.mul(x, 5)) },
  { name: 'exp', shapes: [[64]], fn: (x) => tf.exp(x) },
  { name: 'log', shapes: [[64]], fn: (x) => tf.log(x), positive: true },
  { name: 'log1p', shapes: [[64]], fn: (x) => tf.log1p(x), positive: true },
  { name: 'sqrt', shapes: [[64]], fn: (x) => tf.sqrt(x), positive: true },
  { name: 'rsqrt', shapes: [[64]], fn: (x) => tf.rsqrt(x), positive: true },
  { name: 'square, abs, neg', shapes: [[64]], fn: (x) => tf.add(tf.square(x), tf.neg(tf.abs(x))) },
  { name: 'pow', shapes: [[64], [64]], fn: (x, y) => tf.pow(x, y), positive: true },
  { name: 'clipByValue', shapes: [[64]], fn: (x) => tf.clipByValue(x, -0.5, 0.5) },
  // Broadcasting arithmetic (biases, per-sample ε of the gradient penalty, loss targets).
  { name: 'add bias', shapes: [[8, 12], [12]], fn: (a, b) => tf.add(a, b) },
  {
    name: 'sub column',
    shapes: [
      [8, 12],
      [8, 1],
    ],
    fn: (a, b) => tf.sub(a, b),
  },
  {
    name: 'mul per sample',
    shapes: [
      [4, 1, 1, 1],
      [4, 6, 6, 2],
    ],
    fn: (a, b) => tf.mul(a, b),
  },
  { name: 'div', shapes: [[64], [64]], fn: (a, b) => tf.div(a, b), positive: true },
  {
    name: 'squaredDifference',
    shapes: [
      [8, 1],
      [8, 1],
    ],
    fn: (a, b) => tf.squaredDifference(a, b),
  },
  {
    name: 'maximum, minimum',
    shapes: [[64], [64]],
    fn: (a, b) => tf.add(tf.maximum(a, b), tf.minimum(a, b)),
  },
  {
    name: 'where',
    shapes: [[64], [64]],
    fn: (a, b) => tf.where(tf.greater(a, b), tf.mul(a, 2), b),
  },
  // Reductions (losses, batch-norm moments, gradient norms, maxout).
  { name: 'sum all', shapes: [[8, 12]], fn: (x) => tf.sum(x) },
  { name: 'sum axis 0', shapes: [[8, 12]], fn: (x) => tf.sum(x, 0) },
  { name: 'sum axes 1,2,3', shapes: [[4, 6, 6, 2]], fn: (x) => tf.sum(tf.square(x), [1, 2, 3]) },
  { name: 'mean', shapes: [[8, 12]], fn: (x) => tf.mean(x, 1) },
  { name: 'max (maxout)', shapes: [[8, 15]], fn: (x) => tf.max(tf.reshape(x, [8, 5, 3]), -1) },
  {
    name: 'moments (batch norm statistics)',
    shapes: [[4, 6, 6, 3]],
    fn: (x) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.concat([mean, variance]);
    },
  },
  // Normalisation layers as tfjs-layers computes them.
  {
    name: 'batchNorm (training)',
    shapes: [[4, 6, 6, 3], [3], [3]],
    fn: (x, gamma, beta) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.batchNorm(x, mean, variance, beta, gamma, 1e-3);
    },
  },
  {
    name: 'layer norm over [1, 2, 3]',
    shapes: [
      [4, 4, 4, 3],
      [4, 4, 3],
      [4, 4, 3],
    ],
    fn: (x, gamma, beta) => {
      const { mean, variance } = tf.moments(x, [1, 2, 3], true);
      return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-3))), gamma), beta);
    },
  },
  // Convolutions of the DCGAN (5×5, stride 2, same padding).
  {
    name: 'conv2d 5x5 stride 2',
    shapes: [
      [2, 8, 8, 3],
      [5, 5, 3, 4],
    ],
    fn: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'),
  },
  {
    name: 'conv2d 28x28 odd output',
    shapes: [
      [2, 14, 14, 2],
      [5, 5, 2, 4],
    ],
    fn: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'),
  },
  // Over 8 output tiles of 32 values tfjs-backend-webgpu leaves im2col for its matmul-style conv
  // program, vectorised (vec4) when both channel counts are multiples of 4: the DCGAN's shapes.
  {
    name: 'conv2d tiled program, 1 input channel (MNIST)',
    shapes: [
      [2, 28, 28, 1],
      [5, 5, 1, 8],
    ],
    fn: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'),
  },
  {
    name: 'conv2d tiled vec4 program',
    shapes: [
      [2, 28, 28, 4],
      [5, 5, 4, 8],
    ],
    fn: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'),
  },
  {
    name: 'fused conv2d + bias',
    shapes: [[2, 8, 8, 3], [5, 5, 3, 4], [4]],
    fn: (x, f, bias) =>
      tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: f as tf.Tensor4D,
        strides: 2,
        pad: 'same',
        bias,
      }),
  },
  {
    name: 'conv2dTranspose 5x5 stride 2',
    shapes: [
      [2, 4, 4, 4],
      [5, 5, 3, 4],
    ],
    fn: (x, f) => tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [2, 8, 8, 3], 2, 'same'),
  },
  {
    name: 'conv2dTranspose 14 → 28, 8 → 4 channels',
    shapes: [
      [2, 14, 14, 8],
      [5, 5, 4, 8],
    ],
    fn: (x, f) => tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [2, 28, 28, 4], 2, 'same'),
  },
  {
    name: 'conv2dTranspose 7 → 14',
    shapes: [
      [2, 7, 7, 4],
      [5, 5, 2, 4],
    ],
    fn: (x, f) => tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [2, 14, 14, 2], 2, 'same'),
  },
  // Shape ops (reshape, flatten, slicing real/fake halves, padding, tiling, casts).
  {
    name: 'reshape + transpose',
    shapes: [[4, 6]],
    fn: (x) => tf.transpose(tf.reshape(x, [2, 12])),
  },
  {
    name: 'slice + concat',
    shapes: [[8, 6]],
    fn: (x) => tf.concat([tf.slice(x, [4, 0], [4, 6]), tf.slice(x, [0, 0], [4, 6])], 1),
  },
  {
    name: 'pad',
    shapes: [[2, 3, 3, 1]],
    fn: (x) =>
      tf.pad(x, [
        [0, 0],
        [1, 2],
        [2, 1],
        [0, 0],
      ]),
  },
  { name: 'tile', shapes: [[4, 1]], fn: (x) => tf.tile(x, [1, 6]) },
  {
    name: 'greaterEqual + cast (dropout mask)',
    shapes: [[64]],
    fn: (x) => tf.cast(tf.greaterEqual(x, 0.3), 'float32'),
    grad: false,
  },
];

describe.skipIf(!ss.ok)(`webgpu kernels match cpu (scale-relative error ≤ ${TOLERANCE})`, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const expected = await runOp('cpu', c);
      const actual = await runOp('webgpu', c);
      expect(actual.length).toBe(expected.length);
      const errors = actual.map((a, i) => relativeError(a, expected[i] as Float32Array));
      const labels = errors.map((e, i) => `${i === 0 ? 'y' : `∂x${i}`} ${e.toExponential(1)}`);
      for (const e of errors) expect(e, labels.join(', ')).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
