// The element-wise, reduction, select, tile and batch-norm kernels against tfjs's cpu backend:
// fast-path shapes (same shape, scalar, bias row, column) and the shapes left to cpu.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAddon } from './_addon';
import { expectSameOnBoth, randn, setupBackends, testRng } from './_testing';
import { operandPlan } from './kernels/binary';

beforeAll(async () => {
  await setupBackends();
});

const SPECIAL = [
  0,
  -0,
  1e-30,
  -1e-30,
  0.5,
  -0.5,
  3,
  -3,
  40,
  -40,
  1e20,
  -1e20,
  Infinity,
  -Infinity,
  NaN,
];

/** Shape pairs covering every broadcast mode, plus ones that fall back to cpu. */
const SHAPE_PAIRS: [number[], number[]][] = [
  [
    [7, 9],
    [7, 9],
  ],
  [[7, 9], []],
  [[], [7, 9]],
  [[7, 9], [9]],
  [[9], [7, 9]],
  [
    [7, 9],
    [7, 1],
  ],
  [
    [7, 1],
    [7, 9],
  ],
  [
    [1, 9],
    [7, 1],
  ],
  [[2, 5, 3, 4], [4]],
  [
    [2, 5, 3, 4],
    [1, 1, 1, 4],
  ],
  [
    [2, 5, 3, 4],
    [2, 5, 1, 1],
  ],
  [
    [2, 5, 3, 4],
    [3, 4],
  ],
  [
    [2, 1, 3],
    [1, 4, 1],
  ],
  [
    [2, 5, 3],
    [2, 1, 3],
  ],
  [[4097], [4097]],
];

describe('binary and comparison kernels', () => {
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference],
    ['greater', tf.greater],
    ['greaterEqual', tf.greaterEqual],
    ['less', tf.less],
    ['lessEqual', tf.lessEqual],
    ['equal', tf.equal],
    ['notEqual', tf.notEqual],
    ['pow', tf.pow],
  ];

  it('match cpu on every broadcast mode (and the cases left to cpu)', async () => {
    const rng = testRng('binary');
    for (const [aShape, bShape] of SHAPE_PAIRS) {
      const a = randn(rng, aShape);
      const b = randn(rng, bShape);
      // Ties, so that equal/notEqual/greaterEqual see both outcomes.
      for (let i = 0; i < Math.min(a.length, b.length); i += 3) a[i] = b[i] as number;
      for (const [name, op] of ops) {
        await expectSameOnBoth(() => op(tf.tensor(a, aShape), tf.tensor(b, bShape)), {
          label: `${name} ${JSON.stringify(aShape)} ${JSON.stringify(bShape)}`,
        });
      }
    }
  });

  it('match cpu on special values (±0, ±∞, NaN, huge, tiny)', async () => {
    const a = Float32Array.from(SPECIAL.flatMap((x) => SPECIAL.map(() => x)));
    const b = Float32Array.from(SPECIAL.flatMap(() => SPECIAL));
    for (const [name, op] of ops) {
      await expectSameOnBoth(() => op(tf.tensor1d(a), tf.tensor1d(b)), { label: name });
    }
  });

  it('classify operands into the native broadcast modes', () => {
    expect(operandPlan([7, 9], [7, 9])).toEqual({ mode: 'same', k: -1 });
    expect(operandPlan([], [7, 9])).toEqual({ mode: 'scalar', k: -1 });
    expect(operandPlan([9], [7, 9])).toEqual({ mode: 'row', k: 9 });
    expect(operandPlan([3, 4], [2, 5, 3, 4])).toEqual({ mode: 'row', k: 12 });
    expect(operandPlan([7, 1], [7, 9])).toEqual({ mode: 'col', k: 9 });
    expect(operandPlan([2, 5, 1, 1], [2, 5, 3, 4])).toEqual({ mode: 'col', k: 12 });
    expect(operandPlan([2, 1, 3], [2, 5, 3])).toBeUndefined();
  });

  it('leave int32 to the cpu kernels', async () => {
    const out = await expectSameOnBoth(() =>
      tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.scalar(4, 'int32')),
    );
    expect(out.dtypes).toEqual(['int32']);
    expect(Array.from(out.values[0]!)).toEqual([5, 6, 7]);
  });
});

describe('unary kernels', () => {
  it('match cpu on random and special values', async () => {
    const rng = testRng('unary');
    const random = randn(rng, [4099]).map((v) => v * 4);
    const x = Float32Array.from([...SPECIAL, ...random, ...random.map((v) => v / 1000)]);
    const positive = x.map(Math.abs);
    const ops: [string, (t: tf.Tensor) => tf.Tensor, boolean?][] = [
      ['relu', tf.relu],
      ['relu6', tf.relu6],
      ['leakyRelu', (t) => tf.leakyRelu(t, 0.13)],
      ['sigmoid', tf.sigmoid],
      ['tanh', tf.tanh],
      ['exp', tf.exp],
      ['log', tf.log, true],
      ['sqrt', tf.sqrt, true],
      ['rsqrt', tf.rsqrt, true],
      ['square', tf.square],
      ['neg', tf.neg],
      ['abs', tf.abs],
      ['elu', tf.elu],
      ['softplus', tf.softplus],
      ['step', (t) => tf.step(t, 0.25)],
      ['reciprocal', tf.reciprocal],
      ['log1p', tf.log1p],
    ];
    for (const [name, op, pos] of ops) {
      await expectSameOnBoth(() => op(tf.tensor1d(pos ? positive : x)), { label: name });
      await expectSameOnBoth(() => op(tf.tensor(random.slice(0, 60), [3, 4, 5])), {
        label: `${name} 3-D`,
      });
    }
  });
});

describe('reductions', () => {
  it('sum, mean, max, min match cpu over contiguous and scattered axes, with keepDims', async () => {
    const rng = testRng('reduce');
    const shape = [4, 5, 6, 7];
    const x = randn(rng, shape);
    const axesList: (number | number[])[] = [
      0,
      1,
      3,
      -1,
      [0, 1, 2],
      [1, 2],
      [2, 3],
      [0, 1, 2, 3],
      [0, 2],
      [1, 3],
    ];
    const ops: [string, (t: tf.Tensor, axis: number | number[], keep: boolean) => tf.Tensor][] = [
      ['sum', tf.sum],
      ['mean', tf.mean],
      ['max', tf.max],
      ['min', tf.min],
    ];
    for (const axes of axesList) {
      for (const keepDims of [false, true]) {
        for (const [name, op] of ops) {
          await expectSameOnBoth(() => op(tf.tensor(x, shape), axes, keepDims), {
            label: `${name} axes ${JSON.stringify(axes)} keepDims ${keepDims}`,
          });
        }
      }
    }
    // Dims of size 1 between reduced ones (the Tile gradient's reshape), and a full reduction.
    const ones = [3, 1, 4, 1, 5, 1];
    const y = randn(rng, ones);
    for (const axes of [
      [1, 2, 3],
      [0, 2, 4],
      [2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5],
    ]) {
      await expectSameOnBoth(() => tf.sum(tf.tensor(y, ones), axes), {
        label: `sum of ${JSON.stringify(ones)} over ${JSON.stringify(axes)}`,
      });
    }
    // A long reduction: the native sum accumulates in double precision, like tfjs's JS loop.
    const long = randn(rng, [100_000]).map((v) => v + 1000);
    await expectSameOnBoth(() => [tf.sum(tf.tensor1d(long)), tf.mean(tf.tensor1d(long))], {
      rtol: 1e-6,
    });
    await expectSameOnBoth(() => tf.max(tf.tensor1d([1, Number.NaN, 3])), { label: 'max NaN' });
  });
});

describe('logical not', () => {
  it('matches cpu on a bool tensor (and leaves other dtypes to cpu)', async () => {
    const rng = testRng('not');
    const x = randn(rng, [5003]);
    const out = await expectSameOnBoth(() => tf.logicalNot(tf.greater(tf.tensor1d(x), 0)));
    expect(out.dtypes).toEqual(['bool']);
    expect(Array.from(out.values[0]!.slice(0, 50))).toEqual(
      Array.from(x.slice(0, 50)).map((v) => (v > 0 ? 0 : 1)),
    );
  });
});

describe('select, tile and batch norm', () => {
  it('where(cond, a, b) matches cpu, including a broadcast condition', async () => {
    const rng = testRng('select');
    const a = randn(rng, [6, 5]);
    const b = randn(rng, [6, 5]);
    await expectSameOnBoth(() =>
      tf.where(
        tf.greater(tf.tensor2d(a, [6, 5]), 0),
        tf.tensor2d(a, [6, 5]),
        tf.tensor2d(b, [6, 5]),
      ),
    );
    await expectSameOnBoth(() =>
      tf.where(
        tf.tensor1d([1, 0, 1, 1, 0], 'bool'),
        tf.tensor2d(a, [6, 5]),
        tf.tensor2d(b, [6, 5]),
      ),
    );
  });

  it('tile matches cpu for many reps and ranks', async () => {
    const rng = testRng('tile');
    const cases: [number[], number[]][] = [
      [[3], [4]],
      [
        [3, 1, 1, 1],
        [1, 4, 5, 6],
      ], // a last dim of 1 (a layer norm's moments)
      [
        [2, 3],
        [1, 1],
      ],
      [
        [2, 3],
        [3, 2],
      ],
      [
        [1, 1, 1, 5],
        [4, 3, 2, 1],
      ],
      [
        [2, 1, 3],
        [2, 4, 1],
      ],
      [
        [2, 3],
        [0, 2],
      ],
      // Each of the driver's dim merges: γ over the batch ([1, H, W, C] → [N, H, W, C]), size-1
      // dims repeated together, an unrepeated dim after a size-1 one, a repeated last dim moved
      // out to rows, nothing repeated, a size-1 last dim repeated after unrepeated dims.
      [
        [1, 3, 5, 6],
        [4, 1, 1, 1],
      ],
      [
        [2, 1, 1, 3],
        [1, 2, 3, 1],
      ],
      [
        [1, 4, 1, 2],
        [3, 1, 2, 2],
      ],
      [
        [5, 2],
        [1, 3],
      ],
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 1, 3, 1],
        [1, 1, 1, 4],
      ],
    ];
    for (const [shape, reps] of cases) {
      const x = randn(rng, shape);
      await expectSameOnBoth(() => tf.tile(tf.tensor(x, shape), reps), {
        label: `${shape} × ${reps}`,
      });
    }
    await expectSameOnBoth(() => tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]));
  });

  it('batchNorm matches cpu with per-channel, scalar and missing parameters, and its gradient', async () => {
    const rng = testRng('batchnorm');
    const shape = [3, 4, 5, 6];
    const x = randn(rng, shape);
    const mean = randn(rng, [6]);
    const variance = randn(rng, [6]).map((v) => v * v + 0.1);
    const scale = randn(rng, [6]);
    const offset = randn(rng, [6]);
    await expectSameOnBoth(() =>
      tf.batchNorm(
        tf.tensor(x, shape),
        tf.tensor1d(mean),
        tf.tensor1d(variance),
        tf.tensor1d(offset),
        tf.tensor1d(scale),
        1e-3,
      ),
    );
    await expectSameOnBoth(() =>
      tf.batchNorm(tf.tensor(x, shape), tf.scalar(0.3), tf.scalar(2), undefined, undefined, 1e-5),
    );
    // Per-(w, channel) statistics (neither per channel nor of x's size): left to the cpu kernel.
    const mean2 = randn(rng, [5, 6]);
    const var2 = mean2.map((v) => v * v + 0.5);
    await expectSameOnBoth(() =>
      tf.batchNorm(tf.tensor(x, shape), tf.tensor2d(mean2, [5, 6]), tf.tensor2d(var2, [5, 6])),
    );
    await expectSameOnBoth(() =>
      tf.grads((xt: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.batchNorm(
              xt,
              tf.tensor1d(mean),
              tf.tensor1d(variance),
              o as tf.Tensor1D,
              s as tf.Tensor1D,
              1e-3,
            ),
          ),
        ),
      )([tf.tensor(x, shape), tf.tensor1d(scale), tf.tensor1d(offset)]),
    );
  });

  it("batchNorm with parameters of x's size (tfjs-layers' layer norm) runs in the addon and matches cpu", async () => {
    const rng = testRng('layernorm');
    const shape = [4, 3, 5, 6];
    const x = randn(rng, shape);
    const full = () => randn(rng, shape);
    const [mean, scale, offset] = [full(), full(), full()];
    const variance = full().map((v) => v * v + 0.1);
    const spy = vi.spyOn(loadAddon().addon, 'batchNorm');
    const t = (v: Float32Array) => tf.tensor(v, shape);
    await expectSameOnBoth(() =>
      tf.batchNorm(t(x), t(mean), t(variance), t(offset), t(scale), 1e-3),
    );
    // Full-size moments alone (tfjs requires the parameters' ranks to agree: no mixing).
    await expectSameOnBoth(() => tf.batchNorm(t(x), t(mean), t(variance)));
    // One call per native backend (1 thread and N threads) and case: the addon ran both.
    const masks = spy.mock.calls.map((c) => c[9]);
    spy.mockRestore();
    expect(masks).toEqual([15, 15, 3, 3]);
    // The layer-norm gradient penalty's path: d/dθ of ‖∂/∂x Σ LN(x)·w‖², on both backends (with
    // β given: tfjs's nested gradient fails on a batchNorm without one, on every backend).
    await expectSameOnBoth(
      () =>
        tf.grads((xt: tf.Tensor, g: tf.Tensor) => {
          const ln = (v: tf.Tensor) => {
            const { mean: m, variance: s2 } = tf.moments(v, [1, 2, 3], true);
            return tf.batchNorm(
              v,
              tf.tile(m, [1, 3, 5, 6]),
              tf.tile(s2, [1, 3, 5, 6]),
              tf.tile(tf.mul(g, 0.5), [4, 1, 1, 1]),
              tf.tile(g, [4, 1, 1, 1]),
              1e-3,
            );
          };
          const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(ln(v), t(offset))))(xt);
          return tf.sum(tf.square(dx));
        })([t(x), tf.tensor(scale.subarray(0, 90), [1, 3, 5, 6])]),
      { rtol: 1e-4 },
    );
  });
});
