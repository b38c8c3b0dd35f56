// Training on `native` gives the same result as on `cpu`; no tensor or buffer leaks; the
// buffer pool never hands out memory that user code can still see.
import { measureTensorGrowth } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from './_addon';
import type { NativeBackend } from './_context';
import { randn, setupBackends, TEST_THREADS, testRng } from './_testing';
import { setNativeThreads } from './registerNativeBackend';

beforeAll(async () => {
  await setupBackends();
});

const BATCH = 64;
const Z = 8;
const H = 32;

/** A seeded two-layer MLP GAN on a 2-D mixture of 4 Gaussians, written with tfjs-core ops. */
function makeGan(seed: string) {
  const rng = testRng(seed);
  const init = (shape: number[], std: number) =>
    tf.variable(
      tf.tensor(
        randn(rng, shape).map((v) => v * std),
        shape,
      ),
    );
  const g = [init([Z, H], 0.4), init([H], 0.1), init([H, 2], 0.4), init([2], 0.1)];
  const d = [init([2, H], 0.4), init([H], 0.1), init([H, 1], 0.4), init([1], 0.1)];
  const [gw1, gb1, gw2, gb2] = g as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const [dw1, db1, dw2, db2] = d as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const generator = (z: tf.Tensor) =>
    tf.add(
      tf.matMul(
        tf.fused.matMul({ a: z as tf.Tensor2D, b: gw1, bias: gb1, activation: 'relu' }),
        gw2,
      ),
      gb2,
    );
  const discriminator = (x: tf.Tensor) =>
    tf.add(tf.matMul(tf.leakyRelu(tf.add(tf.matMul(x, dw1), db1), 0.2), dw2), db2);
  const optD = tf.train.adam(2e-3, 0.5, 0.999, 1e-8);
  const optG = tf.train.adam(2e-3, 0.5, 0.999, 1e-8);
  const centres = [
    [2, 0],
    [-2, 0],
    [0, 2],
    [0, -2],
  ];
  const step = (t: number): [number, number] => {
    const dataRng = testRng(`${seed}:data:${t}`);
    const real = new Float32Array(BATCH * 2);
    for (let i = 0; i < BATCH; i++) {
      const c = centres[dataRng.int(4)] as number[];
      real[2 * i] = (c[0] as number) + 0.1 * dataRng.normal();
      real[2 * i + 1] = (c[1] as number) + 0.1 * dataRng.normal();
    }
    const z1 = randn(dataRng, [BATCH, Z]);
    const z2 = randn(dataRng, [BATCH, Z]);
    const lossD = optD.minimize(
      () => {
        const fake = generator(tf.tensor2d(z1, [BATCH, Z]));
        return tf.add(
          tf.mean(tf.softplus(tf.neg(discriminator(tf.tensor2d(real, [BATCH, 2]))))),
          tf.mean(tf.softplus(discriminator(fake))),
        );
      },
      true,
      d,
    ) as tf.Scalar;
    const lossG = optG.minimize(
      () => tf.mean(tf.softplus(tf.neg(discriminator(generator(tf.tensor2d(z2, [BATCH, Z])))))),
      true,
      g,
    ) as tf.Scalar;
    const out: [number, number] = [lossD.dataSync()[0] as number, lossG.dataSync()[0] as number];
    tf.dispose([lossD, lossG]);
    return out;
  };
  const params = () => [...g, ...d].map((v) => Array.from(v.dataSync()));
  const dispose = () => {
    tf.dispose([...g, ...d]);
    optD.dispose();
    optG.dispose();
  };
  return { step, params, dispose };
}

async function train(backend: string, steps: number, threads = 1) {
  await tf.setBackend(backend);
  if (backend === 'native') setNativeThreads(threads);
  const gan = makeGan('same-result');
  const losses: [number, number][] = [];
  for (let t = 0; t < steps; t++) losses.push(gan.step(t));
  const params = gan.params();
  gan.dispose();
  if (backend === 'native') setNativeThreads(1);
  return { losses, params };
}

describe('reproducible at any thread count', () => {
  it(`30 seeded steps at ${TEST_THREADS} threads (every kernel split): bit-identical run to run, and cpu's within 1e-5`, async () => {
    const { addon } = loadAddon();
    addon.setParallelScale(0);
    try {
      const first = await train('native', 30, TEST_THREADS);
      const second = await train('native', 30, TEST_THREADS);
      expect(second.losses).toEqual(first.losses);
      expect(second.params).toEqual(first.params);
      const cpu = await train('cpu', 30);
      const worst = Math.max(
        ...cpu.losses.flatMap(([d, g], t) => {
          const [dn, gn] = first.losses[t] as [number, number];
          return [Math.abs(dn - d), Math.abs(gn - g)];
        }),
      );
      expect(worst).toBeLessThan(1e-5);
    } finally {
      addon.setParallelScale(1);
    }
  });
});

describe('the same trained result as cpu', () => {
  it('100 seeded GAN steps: every loss and every final weight within 1e-5 (absolute)', async () => {
    const cpu = await train('cpu', 100);
    const native = await train('native', 100);
    let worstLoss = 0;
    cpu.losses.forEach(([d, g], t) => {
      const [dn, gn] = native.losses[t] as [number, number];
      worstLoss = Math.max(worstLoss, Math.abs(dn - d), Math.abs(gn - g));
    });
    let worstParam = 0;
    cpu.params.forEach((p, i) => {
      p.forEach((v, j) => {
        worstParam = Math.max(worstParam, Math.abs((native.params[i]?.[j] as number) - v));
      });
    });
    // The game really moved: losses changed and are not NaN.
    expect(cpu.losses.every(([d, g]) => Number.isFinite(d) && Number.isFinite(g))).toBe(true);
    expect(
      Math.abs((cpu.losses[99] as number[])[0]! - (cpu.losses[0] as number[])[0]!),
    ).toBeGreaterThan(0.01);
    console.log(
      `worst |Δloss| ${worstLoss.toExponential(2)}, worst |Δweight| ${worstParam.toExponential(2)}`,
    );
    expect(worstLoss).toBeLessThan(1e-5);
    expect(worstParam).toBeLessThan(1e-5);
  });
});

describe('memory', () => {
  it('a GAN step leaks no tensors and no backend buffers', async () => {
    await tf.setBackend('native');
    const gan = makeGan('leaks');
    let t = 0;
    const backend = tf.backend() as NativeBackend;
    gan.step(t++);
    const buffersBefore = backend.numDataIds();
    const growth = await measureTensorGrowth(() => gan.step(t++), { iterations: 20 });
    expect(growth.growth).toBe(0);
    expect(backend.numDataIds()).toBe(buffersBefore);
    gan.dispose();
  });

  it('the NCHW and fallback paths dispose their intermediates', async () => {
    await tf.setBackend('native');
    const backend = tf.backend() as NativeBackend;
    const rng = testRng('nchw-leak');
    const x = tf.tensor4d(randn(rng, [2, 3, 6, 6]), [2, 3, 6, 6]);
    const w = tf.tensor4d(randn(rng, [3, 3, 3, 4]), [3, 3, 3, 4]);
    const run = () =>
      tf.tidy(() => {
        const y = tf.fused.conv2d({
          x,
          filter: w,
          strides: 1,
          pad: 'same',
          dataFormat: 'NCHW',
          bias: tf.ones([4]),
          activation: 'relu',
        });
        const dx = tf.grad((xt: tf.Tensor) =>
          tf.sum(tf.conv2d(xt as tf.Tensor4D, w, 1, 'same', 'NCHW')),
        )(x);
        const m = tf.fused.matMul({
          a: tf.ones([3, 4]),
          b: tf.ones([4, 5]),
          bias: tf.ones([3, 1]),
          activation: 'prelu',
          preluActivationWeights: tf.ones([5]),
        });
        return [tf.sum(y), tf.sum(dx), tf.sum(m)];
      });
    tf.dispose(run());
    const before = backend.numDataIds();
    for (let i = 0; i < 5; i++) tf.dispose(run());
    expect(backend.numDataIds()).toBe(before);
    tf.dispose([x, w]);
  });
});

describe('the buffer pool', () => {
  const N = 50_000;

  it('recycles the output buffers of disposed tensors', async () => {
    await tf.setBackend('native');
    const backend = tf.backend() as NativeBackend;
    const x = tf.fill([N], 2);
    const first = tf.mul(x, x);
    const buffer = backend.data.get(first.dataId).values;
    first.dispose();
    const second = tf.add(x, x);
    expect(backend.data.get(second.dataId).values).toBe(buffer);
    expect(Array.from(second.dataSync().slice(0, 3))).toEqual([4, 4, 4]);
    tf.dispose([x, second]);
  });

  it('never recycles an array that user code read with dataSync()', async () => {
    await tf.setBackend('native');
    const x = tf.fill([N], 3);
    const t = tf.mul(x, x);
    const seen = t.dataSync();
    t.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.sum(tf.add(x, tf.scalar(i))));
    expect(seen[0]).toBe(9);
    expect(seen[N - 1]).toBe(9);
    x.dispose();
  });

  it('never recycles an array passed to tf.tensor(), nor one shared by a slice view', async () => {
    await tf.setBackend('native');
    const mine = new Float32Array(N).fill(5);
    const t = tf.tensor1d(mine);
    t.dispose();
    const x = tf.fill([N], 7);
    const y = tf.mul(x, tf.scalar(1));
    const view = tf.slice(y, [0], [N]);
    y.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.sum(tf.sub(x, tf.scalar(i))));
    expect(mine[0]).toBe(5);
    expect(view.dataSync()[N - 1]).toBe(7);
    tf.dispose([x, view]);
  });
});
