// The Tile gradient installed by registerNativeBackend: its closed form, and what it does to a
// gradient penalty through layer normalisation (tfjs-layers tiles the moments): no Slice or
// PadV2 kernels any more, the same values on cpu and native, no tensor leaks.
import { measureTensorGrowth } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSameOnBoth, randn, setupBackends, testRng } from './_testing';

beforeAll(async () => {
  await setupBackends();
});

describe('the Tile gradient', () => {
  it('is the sum of dy over the repetitions (closed form), for ranks 1 to 5', async () => {
    const rng = testRng('tile-grad');
    for (const [shape, reps] of [
      [[3], [4]],
      [
        [2, 1, 3],
        [1, 4, 2],
      ],
      [
        [2, 1, 1, 3],
        [1, 3, 2, 1],
      ],
      [
        [1, 2, 1, 2, 1],
        [2, 1, 3, 1, 2],
      ],
    ] as [number[], number[]][]) {
      const x = randn(rng, shape);
      const outShape = shape.map((d, i) => d * (reps[i] as number));
      const w = randn(rng, outShape);
      // Expected: grad[i] = Σ over output entries o that copy x[i] of w[o].
      const expected = new Float64Array(x.length);
      const strides = (s: number[]) => s.map((_, i) => s.slice(i + 1).reduce((p, d) => p * d, 1));
      const [os, xs] = [strides(outShape), strides(shape)];
      for (let o = 0; o < w.length; o++) {
        let src = 0;
        for (let d = 0; d < shape.length; d++) {
          const c = Math.floor(o / (os[d] as number)) % (outShape[d] as number);
          src += (c % (shape[d] as number)) * (xs[d] as number);
        }
        expected[src] = (expected[src] as number) + (w[o] as number);
      }
      const got = await expectSameOnBoth(
        () =>
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tile(t, reps), tf.tensor(w, outShape))))(
            tf.tensor(x, shape),
          ),
        { label: `tile ${shape} by ${reps}` },
      );
      const values = got.values[0] as Float32Array;
      expected.forEach((e, i) => expect(values[i]).toBeCloseTo(e, 4));
    }
  });
});

describe('a gradient penalty through layer normalisation', () => {
  /** λ·E(‖∇ₓ f(x)‖ − 1)² for a conv → layer norm → dense critic, and its gradient w.r.t. θ. */
  function penaltyAndGrads(seed: string) {
    const rng = testRng(seed);
    const critic = tfl.sequential();
    critic.add(
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, padding: 'same' }),
    );
    critic.add(tfl.layers.layerNormalization({ axis: [1, 2, 3] }));
    critic.add(tfl.layers.flatten());
    critic.add(tfl.layers.dense({ units: 1 }));
    const weights = critic.trainableWeights.map((w) => w.read() as tf.Variable);
    weights.forEach((w) => w.assign(tf.tensor(randn(rng, w.shape), w.shape)));
    const x = tf.tensor(randn(rng, [3, 6, 6, 2]), [3, 6, 6, 2]);
    const penalty = () => {
      const g = tf.grad((input: tf.Tensor) => tf.sum(critic.apply(input) as tf.Tensor))(x);
      const norms = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
      return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), 10) as tf.Scalar;
    };
    const run = () => {
      const { value, grads } = tf.variableGrads(penalty, weights);
      // Biases (and layer norm's β) do not change ∇ₓf: tfjs returns no gradient for them.
      return [value, ...weights.flatMap((w) => grads[w.name] ?? [])];
    };
    const dispose = () => {
      x.dispose();
      critic.dispose();
    };
    return { run, dispose };
  }

  it('runs no Slice or PadV2 kernel (tfjs-core: one per tiled entry, and a PadV2 each)', async () => {
    await tf.setBackend('native');
    const gp = penaltyAndGrads('gp-kernels');
    const profile = await tf.profile(() => {
      tf.dispose(gp.run());
    });
    gp.dispose();
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain('Tile');
    expect(names.filter((n) => n === 'Slice' || n === 'PadV2')).toEqual([]);
  });

  it('gives the same penalty and weight gradients as cpu, and leaks no tensors', async () => {
    const out = await expectSameOnBoth(
      () => {
        const gp = penaltyAndGrads('gp-values');
        const result = gp.run();
        gp.dispose();
        return result;
      },
      { label: 'penalty and its gradients' },
    );
    expect(out.values[0]![0]).toBeGreaterThan(0);
    expect(out.shapes.slice(1)).toEqual([[3, 3, 2, 4], [4], [6, 6, 4], [144, 1]]);
    await tf.setBackend('native');
    const gp = penaltyAndGrads('gp-leaks');
    const growth = await measureTensorGrowth(() => tf.dispose(gp.run()), { iterations: 3 });
    gp.dispose();
    expect(growth.growth).toBe(0);
  });
});
