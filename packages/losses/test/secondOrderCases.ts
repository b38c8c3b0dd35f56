import * as tf from '@tensorflow/tfjs-core';

// Closed-form first and second derivatives of element-wise ops, for src/secondOrder.test.ts.

/**
 * d/dw (∂/∂x op(w·x))² in closed form: with g(w) = w·op′(u), u = w·x, the derivative of g² is
 * 2·g·g′ = 2w·op′(u)·(op′(u) + u·op″(u)).
 */
export const closedForm = (
  d1: (u: number) => number,
  d2: (u: number) => number,
  w: number,
  x: number,
) => 2 * w * d1(w * x) * (d1(w * x) + w * x * d2(w * x));

const sig = (u: number) => 1 / (1 + Math.exp(-u));
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
const ERF_C = 2 / Math.sqrt(Math.PI);

export type Case = [
  name: string,
  op: (u: tf.Tensor) => tf.Tensor,
  d1: (u: number) => number,
  d2: (u: number) => number,
  points: [w: number, x: number][],
];

// Replaced here (their tfjs gradient reads the saved output), then checks of the ones tfjs
// already computes from the input.
export const CASES: Case[] = [
  [
    'tanh',
    tf.tanh,
    (u) => 1 - Math.tanh(u) ** 2,
    (u) => -2 * Math.tanh(u) * (1 - Math.tanh(u) ** 2),
    [
      [1.3, 0.7],
      [0.6, -1.4],
    ],
  ],
  [
    'sigmoid',
    tf.sigmoid,
    (u) => sig(u) * (1 - sig(u)),
    (u) => sig(u) * (1 - sig(u)) * (1 - 2 * sig(u)),
    [
      [1.3, 0.7],
      [2, -0.8],
    ],
  ],
  [
    'exp',
    tf.exp,
    Math.exp,
    Math.exp,
    [
      [1.3, 0.7],
      [0.5, -2],
    ],
  ],
  [
    'elu',
    tf.elu,
    (u) => (u > 0 ? 1 : Math.exp(u)),
    (u) => (u > 0 ? 0 : Math.exp(u)),
    [
      [1.3, 0.7],
      [1.3, -0.7],
    ],
  ],
  [
    'pow (exponent) 2^u',
    (u) => tf.pow(tf.scalar(2), u),
    (u) => 2 ** u * Math.LN2,
    (u) => 2 ** u * Math.LN2 ** 2,
    [
      [1.3, 0.7],
      [0.9, -1.5],
    ],
  ],
  [
    'elu(u)² (EluGrad on the path)',
    (u) => tf.square(tf.elu(u)),
    (u) => 2 * (u > 0 ? u : Math.expm1(u)) * (u > 0 ? 1 : Math.exp(u)),
    (u) => 2 * ((u > 0 ? 1 : Math.exp(2 * u)) + (u > 0 ? 0 : Math.expm1(u) * Math.exp(u))),
    [
      [1.3, 0.7],
      [1.3, -0.7],
    ],
  ],
  ['pow (base) u³', (u) => tf.pow(u, tf.scalar(3)), (u) => 3 * u * u, (u) => 6 * u, [[1.3, 0.7]]],
  ['sqrt', tf.sqrt, (u) => 0.5 / Math.sqrt(u), (u) => -0.25 * u ** -1.5, [[1.3, 0.7]]],
  ['rsqrt', tf.rsqrt, (u) => -0.5 * u ** -1.5, (u) => 0.75 * u ** -2.5, [[1.3, 0.7]]],
  ['softplus', tf.softplus, sig, (u) => sig(u) * (1 - sig(u)), [[1.3, -0.7]]],
  [
    'selu',
    tf.selu,
    (u) => (u > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(u)),
    (u) => (u > 0 ? 0 : SELU_SCALE * SELU_ALPHA * Math.exp(u)),
    [
      [1.3, 0.7],
      [1.3, -0.7],
    ],
  ],
  [
    'erf',
    tf.erf,
    (u) => ERF_C * Math.exp(-u * u),
    (u) => -2 * u * ERF_C * Math.exp(-u * u),
    [[1.3, 0.7]],
  ],
  ['atanh', tf.atanh, (u) => 1 / (1 - u * u), (u) => (2 * u) / (1 - u * u) ** 2, [[0.8, 0.7]]],
  ['log', tf.log, (u) => 1 / u, (u) => -1 / (u * u), [[1.3, 0.7]]],
  ['reciprocal', tf.reciprocal, (u) => -1 / (u * u), (u) => 2 / u ** 3, [[1.3, 0.7]]],
  ['relu6', tf.relu6, () => 1, () => 0, [[1.3, 0.7]]],
];
