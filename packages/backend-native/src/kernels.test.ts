// Kernel-by-kernel correctness of the BLAS kernels against tfjs's cpu backend: random shapes
// (odd sizes), every transpose, batch broadcasting, strides, dilations, same/valid/explicit
// padding, NHWC and NCHW, fused bias and activations, and gradients through them.
import type { Rng } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAddon } from './_addon';
import {
  expectRelClose,
  expectSameOnBoth,
  onBoth,
  randn,
  setupBackends,
  testRng,
} from './_testing';

type Pad =
  | 'same'
  | 'valid'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

beforeAll(async () => {
  await setupBackends();
});

describe('BatchMatMul', () => {
  it('matches cpu on random rank-2 shapes with every transpose', async () => {
    const rng = testRng('matmul-2d');
    for (let trial = 0; trial < 24; trial++) {
      const [m, n, k] = [rng.integer(1, 67), rng.integer(1, 67), rng.integer(1, 67)];
      const tA = trial % 2 === 1;
      const tB = trial % 4 >= 2;
      const a = randn(rng, [m * k]);
      const b = randn(rng, [k * n]);
      await expectSameOnBoth(
        () =>
          tf.matMul(tf.tensor(a, tA ? [k, m] : [m, k]), tf.tensor(b, tB ? [n, k] : [k, n]), tA, tB),
        { label: `m=${m} n=${n} k=${k} tA=${tA} tB=${tB}` },
      );
    }
  });

  it('matches cpu on batched shapes, batch-broadcast on either side, and k = 0', async () => {
    const rng = testRng('matmul-batch');
    const cases: [number[], number[], boolean, boolean][] = [
      [[3, 5, 7], [3, 7, 4], false, false],
      [[3, 7, 5], [3, 4, 7], true, true],
      [[4, 5, 7], [1, 7, 9], false, false],
      [[1, 6, 5], [4, 6, 3], true, false],
      [[5, 7], [2, 7, 3], false, false],
      [[2, 3, 5, 7], [2, 3, 4, 7], false, true],
      [[2, 3, 5, 7], [7, 4], false, false],
      [[3, 0], [0, 4], false, false],
    ];
    // Stored shapes: a transposed operand is given as stored.
    for (const [aShape, bShapeT, tA, tB] of cases) {
      const a = randn(rng, aShape);
      const b = randn(rng, bShapeT);
      const out = await expectSameOnBoth(
        () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShapeT), tA, tB),
        { label: `${aShape} x ${bShapeT} tA=${tA} tB=${tB}` },
      );
      if (aShape.includes(0)) expect(Array.from(out.values[0]!)).toEqual(new Array(12).fill(0));
    }
  });

  it('broadcasts batch dims on both sides at once (numpy rules)', async () => {
    // tfjs-backend-cpu mishandles [2,1] × [1,3] batch dims, so the reference tiles first.
    const rng = testRng('matmul-bcast');
    const a = randn(rng, [2, 1, 4, 5]);
    const b = randn(rng, [1, 3, 5, 6]);
    await tf.setBackend('cpu');
    const expected = tf.tidy(() =>
      tf.matMul(
        tf.tile(tf.tensor(a, [2, 1, 4, 5]), [1, 3, 1, 1]),
        tf.tile(tf.tensor(b, [1, 3, 5, 6]), [2, 1, 1, 1]),
      ),
    );
    const want = expected.dataSync().slice();
    expected.dispose();
    await tf.setBackend('native');
    const got = tf.tidy(() => tf.matMul(tf.tensor(a, [2, 1, 4, 5]), tf.tensor(b, [1, 3, 5, 6])));
    expect(got.shape).toEqual([2, 3, 4, 6]);
    expectRelClose(got.dataSync(), want);
    got.dispose();
  });

  it('falls back to cpu for int32 and reports mismatched inner dimensions', async () => {
    const out = await expectSameOnBoth(() =>
      tf.matMul(
        tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'),
        tf.tensor2d([1, 0, 2, 1, 0, 3], [3, 2], 'int32'),
      ),
    );
    expect(out.dtypes).toEqual(['int32']);
    expect(Array.from(out.values[0]!)).toEqual([5, 11, 14, 23]);
    await tf.setBackend('native');
    expect(() =>
      tf.tidy(() =>
        tf
          .engine()
          .runKernel(
            'BatchMatMul',
            { a: tf.zeros([2, 3]), b: tf.zeros([4, 2]) },
            { transposeA: false, transposeB: false },
          ),
      ),
    ).toThrowError(/inner shapes \(3\) and \(4\)/);
  });
});

describe('_FusedMatMul', () => {
  const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;

  it('matches cpu for every activation and bias shape (per column, scalar, full, column, none)', async () => {
    const rng = testRng('fused-matmul');
    const [m, n, k] = [13, 9, 17];
    const biasShapes: (number[] | undefined)[] = [[n], [], [1, n], [m, n], [m, 1], undefined];
    let i = 0;
    for (const activation of activations) {
      for (const biasShape of biasShapes) {
        const tA = i % 2 === 0;
        const tB = i % 3 === 0;
        i++;
        const a = randn(rng, [m * k]);
        const b = randn(rng, [k * n]);
        const bias = biasShape === undefined ? undefined : randn(rng, biasShape);
        const alpha = randn(rng, [n]);
        await expectSameOnBoth(
          () =>
            tf.fused.matMul({
              a: tf.tensor(a, tA ? [k, m] : [m, k]),
              b: tf.tensor(b, tB ? [n, k] : [k, n]),
              transposeA: tA,
              transposeB: tB,
              bias: bias === undefined ? undefined : tf.tensor(bias, biasShape),
              activation,
              preluActivationWeights: activation === 'prelu' ? tf.tensor(alpha, [n]) : undefined,
              leakyreluAlpha: 0.13,
            }),
          { label: `${activation} bias ${JSON.stringify(biasShape)}` },
        );
      }
    }
  });

  it('matches cpu on batched operands with a bias', async () => {
    const rng = testRng('fused-batched');
    const a = randn(rng, [3, 5, 8]);
    const b = randn(rng, [3, 8, 6]);
    const bias = randn(rng, [6]);
    await expectSameOnBoth(() =>
      tf.fused.matMul({
        a: tf.tensor(a, [3, 5, 8]),
        b: tf.tensor(b, [3, 8, 6]),
        bias: tf.tensor(bias, [6]),
        activation: 'relu',
      }),
    );
  });
});

/** A random conv geometry small enough for tfjs-backend-cpu. */
function randomConv(rng: Rng, trial: number) {
  const nchw = trial % 4 === 3;
  const batch = rng.integer(1, 3);
  const inH = rng.integer(1, 13);
  const inW = rng.integer(1, 13);
  const inC = rng.integer(1, 5);
  const outC = rng.integer(1, 6);
  const dilated = trial % 5 === 4;
  const fh = rng.integer(1, Math.min(5, inH));
  const fw = rng.integer(1, Math.min(5, inW));
  const strides: [number, number] = dilated ? [1, 1] : [rng.integer(1, 3), rng.integer(1, 3)];
  const dilations: [number, number] = dilated ? [rng.integer(1, 2), rng.integer(1, 2)] : [1, 1];
  const kinds = ['same', 'valid', 'number', 'explicit'] as const;
  const kind = kinds[trial % 4] as (typeof kinds)[number];
  let pad: Pad = kind === 'number' ? rng.integer(0, 2) : kind === 'explicit' ? 0 : kind;
  if (kind === 'explicit') {
    const [t, b, l, r] = [
      rng.integer(0, 2),
      rng.integer(0, 2),
      rng.integer(0, 2),
      rng.integer(0, 2),
    ];
    pad = nchw
      ? [
          [0, 0],
          [0, 0],
          [t, b],
          [l, r],
        ]
      : [
          [0, 0],
          [t, b],
          [l, r],
          [0, 0],
        ];
  }
  // 'valid' needs the dilated filter to fit.
  const effH = (fh - 1) * dilations[0] + 1;
  const effW = (fw - 1) * dilations[1] + 1;
  const fits = effH <= inH && effW <= inW;
  if (!fits && pad === 'valid') pad = 'same';
  const dataFormat: 'NHWC' | 'NCHW' = nchw ? 'NCHW' : 'NHWC';
  const xShape = nchw ? [batch, inC, inH, inW] : [batch, inH, inW, inC];
  const dimRoundingMode = (['floor', 'round', 'ceil'] as const)[trial % 3];
  return {
    xShape: xShape as [number, number, number, number],
    filterShape: [fh, fw, inC, outC] as [number, number, number, number],
    strides,
    dilations,
    pad,
    dataFormat,
    dimRoundingMode: typeof pad === 'number' ? dimRoundingMode : undefined,
    outC,
    label: `x=${xShape} f=${fh}x${fw}x${inC}x${outC} s=${strides} d=${dilations} pad=${JSON.stringify(pad)} ${dataFormat}`,
  };
}

/** The forward output shape of a conv geometry (dy's shape for the backprop kernels). */
function outShapeOf(g: ReturnType<typeof randomConv>): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    g.xShape,
    g.filterShape,
    g.strides,
    g.dilations,
    g.pad,
    g.dimRoundingMode,
    false,
    g.dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
  return info.outShape;
}

describe('Conv2D and FusedConv2D', () => {
  it('Conv2D matches cpu on random geometries (strides, dilations, padding, NHWC/NCHW)', async () => {
    const rng = testRng('conv2d');
    for (let trial = 0; trial < 40; trial++) {
      const g = randomConv(rng, trial);
      const x = randn(rng, g.xShape);
      const w = randn(rng, g.filterShape);
      await expectSameOnBoth(
        () =>
          tf.conv2d(
            tf.tensor4d(x, g.xShape),
            tf.tensor4d(w, g.filterShape),
            g.strides,
            g.pad,
            g.dataFormat,
            g.dilations,
            g.dimRoundingMode,
          ),
        { label: g.label },
      );
    }
  });

  it('FusedConv2D matches cpu with bias and every activation, NHWC and NCHW', async () => {
    const rng = testRng('fused-conv');
    const activations = [
      'linear',
      'relu',
      'relu6',
      'elu',
      'sigmoid',
      'leakyrelu',
      'prelu',
    ] as const;
    for (let trial = 0; trial < 28; trial++) {
      const g = randomConv(rng, trial);
      const activation = activations[trial % activations.length] as (typeof activations)[number];
      const x = randn(rng, g.xShape);
      const w = randn(rng, g.filterShape);
      const bias = randn(rng, [g.outC]);
      const alpha = randn(rng, [g.outC]);
      await expectSameOnBoth(
        () =>
          tf.fused.conv2d({
            x: tf.tensor4d(x, g.xShape),
            filter: tf.tensor4d(w, g.filterShape),
            strides: g.strides,
            pad: g.pad,
            dataFormat: g.dataFormat,
            dilations: g.dilations,
            dimRoundingMode: g.dimRoundingMode,
            bias: trial % 3 === 2 ? undefined : tf.tensor1d(bias),
            activation,
            preluActivationWeights: activation === 'prelu' ? tf.tensor1d(alpha) : undefined,
            leakyreluAlpha: 0.17,
          }),
        { label: `${activation} ${g.label}` },
      );
    }
  });

  it('matches cpu at the DCGAN discriminator geometry (5×5, stride 2, same, 64 → 128)', async () => {
    const rng = testRng('dcgan-conv');
    const x = randn(rng, [2, 14, 14, 64]);
    const w = randn(rng, [5, 5, 64, 128]);
    const bias = randn(rng, [128]);
    await expectSameOnBoth(() =>
      tf.fused.conv2d({
        x: tf.tensor4d(x, [2, 14, 14, 64]),
        filter: tf.tensor4d(w, [5, 5, 64, 128]),
        strides: 2,
        pad: 'same',
        bias: tf.tensor1d(bias),
      }),
    );
  });
});

describe('Conv2DBackpropInput and Conv2DBackpropFilter', () => {
  it('Conv2DBackpropInput matches cpu on random geometries, NHWC and NCHW', async () => {
    const rng = testRng('conv-bp-input');
    for (let trial = 0; trial < 36; trial++) {
      const g = { ...randomConv(rng, trial), dilations: [1, 1] as [number, number] };
      const dyShape = outShapeOf(g);
      const dy = randn(rng, dyShape);
      const w = randn(rng, g.filterShape);
      await expectSameOnBoth(
        () =>
          tf.engine().runKernel(
            'Conv2DBackpropInput',
            { dy: tf.tensor(dy, dyShape), filter: tf.tensor4d(w, g.filterShape) },
            {
              inputShape: g.xShape,
              strides: g.strides,
              pad: g.pad,
              dataFormat: g.dataFormat,
              ...(g.dimRoundingMode ? { dimRoundingMode: g.dimRoundingMode } : {}),
            },
          ) as tf.Tensor,
        { label: g.label },
      );
    }
  });

  it('conv2dTranspose (the generator layer) matches cpu: 7×7×128 → 14×14×64, stride 2, same', async () => {
    const rng = testRng('tconv');
    const x = randn(rng, [2, 7, 7, 128]);
    const w = randn(rng, [5, 5, 64, 128]);
    await expectSameOnBoth(() =>
      tf.conv2dTranspose(
        tf.tensor4d(x, [2, 7, 7, 128]),
        tf.tensor4d(w, [5, 5, 64, 128]),
        [2, 14, 14, 64],
        2,
        'same',
      ),
    );
  });

  it('Conv2DBackpropFilter matches cpu on random geometries, NHWC and NCHW', async () => {
    const rng = testRng('conv-bp-filter');
    for (let trial = 0; trial < 36; trial++) {
      const g = { ...randomConv(rng, trial), dilations: [1, 1] as [number, number] };
      const dyShape = outShapeOf(g);
      const x = randn(rng, g.xShape);
      const dy = randn(rng, dyShape);
      await expectSameOnBoth(
        () =>
          tf.engine().runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor4d(x, g.xShape), dy: tf.tensor(dy, dyShape) },
            {
              strides: g.strides,
              pad: g.pad,
              dataFormat: g.dataFormat,
              ...(g.dimRoundingMode ? { dimRoundingMode: g.dimRoundingMode } : {}),
              filterShape: g.filterShape,
            },
          ) as tf.Tensor,
        { label: g.label },
      );
    }
  });
});

describe('gradients through conv and matmul', () => {
  it('tf.grads of a conv2d loss match cpu (x and filter)', async () => {
    const rng = testRng('grad-conv');
    for (let trial = 0; trial < 8; trial++) {
      const g = {
        ...randomConv(rng, trial * 4),
        dilations: [1, 1] as [number, number],
        dataFormat: 'NHWC' as const,
      };
      g.xShape = [g.xShape[0], g.xShape[1], g.xShape[2], g.xShape[3]];
      const x = randn(rng, g.xShape);
      const w = randn(rng, g.filterShape);
      const r = randn(rng, outShapeOf(g));
      await expectSameOnBoth(
        () => {
          const f = (xt: tf.Tensor, wt: tf.Tensor) =>
            tf.sum(
              tf.mul(
                tf.conv2d(
                  xt as tf.Tensor4D,
                  wt as tf.Tensor4D,
                  g.strides,
                  g.pad,
                  'NHWC',
                  1,
                  g.dimRoundingMode,
                ),
                tf.tensor(r, outShapeOf(g)),
              ),
            );
          return tf.grads(f)([tf.tensor4d(x, g.xShape), tf.tensor4d(w, g.filterShape)]);
        },
        { label: g.label },
      );
    }
  });

  it('tf.grads through conv2dTranspose, fused conv (bias + leakyrelu) and fused matmul match cpu', async () => {
    const rng = testRng('grad-fused');
    const x = randn(rng, [3, 4, 4, 6]);
    const wt = randn(rng, [3, 3, 5, 6]);
    const wc = randn(rng, [3, 3, 5, 4]);
    const bc = randn(rng, [4]);
    const wd = randn(rng, [4 * 4 * 4, 3]);
    const bd = randn(rng, [3]);
    await expectSameOnBoth(() => {
      const f = (...p: tf.Tensor[]) => {
        const [xt, wtt, wct, bct, wdt, bdt] = p as [
          tf.Tensor4D,
          tf.Tensor4D,
          tf.Tensor4D,
          tf.Tensor1D,
          tf.Tensor2D,
          tf.Tensor1D,
        ];
        const up = tf.conv2dTranspose(xt, wtt, [3, 8, 8, 5], 2, 'same');
        const c = tf.fused.conv2d({
          x: up,
          filter: wct,
          strides: 2,
          pad: 'same',
          bias: bct,
          activation: 'leakyrelu',
          leakyreluAlpha: 0.2,
        });
        const d = tf.fused.matMul({
          a: tf.reshape(c, [3, 64]),
          b: wdt,
          bias: bdt,
          activation: 'relu',
        });
        return tf.sum(tf.square(d));
      };
      return tf.grads(f)([
        tf.tensor4d(x, [3, 4, 4, 6]),
        tf.tensor4d(wt, [3, 3, 5, 6]),
        tf.tensor4d(wc, [3, 3, 5, 4]),
        tf.tensor1d(bc),
        tf.tensor2d(wd, [64, 3]),
        tf.tensor1d(bd),
      ]);
    });
  });

  it('tf.grads of a batched, transposed matmul match cpu', async () => {
    const rng = testRng('grad-matmul');
    const a = randn(rng, [2, 7, 5]);
    const b = randn(rng, [2, 3, 7]);
    await expectSameOnBoth(() =>
      tf.grads((at: tf.Tensor, bt: tf.Tensor) => tf.sum(tf.sin(tf.matMul(at, bt, true, true))))([
        tf.tensor3d(a, [2, 7, 5]),
        tf.tensor3d(b, [2, 3, 7]),
      ]),
    );
  });
});

describe('native kernels really run', () => {
  // Speed belongs in `pnpm bench`; here: the matmul really goes through the addon.
  it('routes a 256×256 matmul through the addon and gets the exact product with I', async () => {
    const rng = testRng('speed');
    const a = randn(rng, [256, 256]);
    const { addon } = loadAddon();
    const spy = vi.spyOn(addon, 'matmul');
    try {
      const { native: out } = await onBoth(() =>
        tf.matMul(tf.tensor2d(a, [256, 256]), tf.eye(256)),
      );
      expect(spy).toHaveBeenCalledTimes(2); // at 1 thread and at TEST_THREADS
      expectRelClose(out.values[0]!, a, 1e-6);
    } finally {
      spy.mockRestore();
    }
  });
});
