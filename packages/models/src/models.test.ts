import { isGantryError } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGan } from './buildGan';
import { dcganDiscriminator, dcganGenerator } from './dcgan';
import { mlpDiscriminator, mlpGenerator } from './mlp';
import { toyDiscriminator, toyGenerator } from './toy';

function predict(model: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
  return model.predict(x) as tf.Tensor;
}

function weightsOf(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('models', () => {
  beforeAll(useCpuBackend);

  it('mlp generator maps z to images in (−1, 1) with tanh and [0, 1] with sigmoid', () => {
    const g = mlpGenerator({ latentDim: 10, outputShape: [28, 28, 1], hidden: [32, 64], seed: 1 });
    const gs = mlpGenerator({
      latentDim: 10,
      outputShape: [28, 28, 1],
      hidden: [32],
      outputActivation: 'sigmoid',
      seed: 1,
    });
    tf.tidy(() => {
      const z = tf.randomNormal([5, 10], 0, 1, 'float32', 3);
      const x = predict(g, z);
      expect(x.shape).toEqual([5, 28, 28, 1]);
      expect(tf.max(tf.abs(x)).dataSync()[0]).toBeLessThan(1);
      const y = predict(gs, z).dataSync();
      expect(Math.min(...y)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...y)).toBeLessThanOrEqual(1);
    });
    expect(g.countParams()).toBe(10 * 32 + 32 + 32 * 64 + 64 + 64 * 784 + 784);
  });

  it('maxout units compute maxⱼ (Wⱼx + bⱼ) over their pieces', () => {
    const d = mlpDiscriminator({
      inputShape: [6],
      hidden: [3],
      maxoutPieces: 4,
      dropout: 0,
      inputDropout: 0,
      seed: 2,
    });
    tf.tidy(() => {
      const x = tf.randomNormal([7, 6], 0, 1, 'float32', 1);
      const linear = d.getLayer('d_maxout1_linear');
      const [w, b] = linear.getWeights() as [tf.Tensor, tf.Tensor];
      const pieces = tf.reshape(tf.add(tf.matMul(x, w), b), [7, 4, 3]);
      const expected = tf.max(pieces, 1);
      const hiddenModel = d.getLayer('d_maxout1');
      // Run the model up to the maxout layer by applying its layers in order.
      let h: tf.Tensor = x;
      for (const layer of d.layers) {
        if (layer.getClassName() === 'InputLayer') continue;
        h = layer.apply(h) as tf.Tensor;
        if (layer === hiddenModel) break;
      }
      expect(h.shape).toEqual([7, 3]);
      const diff = tf.max(tf.abs(tf.sub(h, expected))).dataSync()[0] as number;
      expect(diff).toBeLessThan(1e-6);
      expect(predict(d, x).shape).toEqual([7, 1]);
    });
  });

  it('seeds the initialisation: same seed, same weights; another seed, other weights', () => {
    const a = mlpGenerator({ latentDim: 4, outputShape: [2], hidden: [8], seed: 5 });
    const b = mlpGenerator({ latentDim: 4, outputShape: [2], hidden: [8], seed: 5 });
    const c = mlpGenerator({ latentDim: 4, outputShape: [2], hidden: [8], seed: 6 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
  });

  it('dropout in the mlp discriminator is active in training, seeded, and off at inference', () => {
    const d = mlpDiscriminator({
      inputShape: [20],
      hidden: [16],
      maxoutPieces: 2,
      dropout: 0.5,
      inputDropout: 0.2,
      seed: 3,
    });
    const d2 = mlpDiscriminator({
      inputShape: [20],
      hidden: [16],
      maxoutPieces: 2,
      dropout: 0.5,
      inputDropout: 0.2,
      seed: 3,
    });
    tf.tidy(() => {
      const x = tf.ones([4, 20]);
      const t1 = (d.apply(x, { training: true }) as tf.Tensor).dataSync();
      const t2 = (d.apply(x, { training: true }) as tf.Tensor).dataSync();
      expect(Array.from(t1)).not.toEqual(Array.from(t2));
      // The same seed gives the same masks in a twin model.
      expect(Array.from((d2.apply(x, { training: true }) as tf.Tensor).dataSync())).toEqual(
        Array.from(t1),
      );
      const i1 = predict(d, x).dataSync();
      const i2 = predict(d, x).dataSync();
      expect(Array.from(i1)).toEqual(Array.from(i2));
    });
  });

  it('dcgan builds 28×28×1 and 32×32×3 pairs with the published layer shapes', () => {
    const g = dcganGenerator({ outputShape: [28, 28, 1], baseFilters: 8, latentDim: 16, seed: 1 });
    const d = dcganDiscriminator({ inputShape: [28, 28, 1], baseFilters: 8, seed: 1 });
    const g3 = dcganGenerator({ outputShape: [32, 32, 3], baseFilters: 4, latentDim: 8, seed: 1 });
    const d3 = dcganDiscriminator({
      inputShape: [32, 32, 3],
      baseFilters: 4,
      normalization: 'layer',
      seed: 1,
    });
    tf.tidy(() => {
      const x = predict(g, tf.randomNormal([2, 16]));
      expect(x.shape).toEqual([2, 28, 28, 1]);
      expect(predict(d, x).shape).toEqual([2, 1]);
      const y = predict(g3, tf.randomNormal([2, 8]));
      expect(y.shape).toEqual([2, 32, 32, 3]);
      expect(predict(d3, y).shape).toEqual([2, 1]);
    });
    expect(g.getLayer('g_reshape').outputShape).toEqual([null, 7, 7, 16]);
    expect(g.getLayer('g_deconv1').outputShape).toEqual([null, 14, 14, 8]);
    expect(d.getLayer('d_conv2').outputShape).toEqual([null, 7, 7, 16]);
    expect(g3.getLayer('g_reshape').outputShape).toEqual([null, 4, 4, 16]);
    expect(() => dcganGenerator({ outputShape: [64, 64, 3], seed: 1 })).toThrowError(
      /dcgan supports image shapes 28x28x1, 32x32x3 \(HxWxC\); got 64x64x3/,
    );
  });

  it('toy MLPs map z to points and points to scores', () => {
    const g = toyGenerator({ dim: 2, latentDim: 3, hidden: [8], seed: 1 });
    const d = toyDiscriminator({ dim: 2, hidden: [8], seed: 1 });
    tf.tidy(() => {
      const p = predict(g, tf.randomNormal([9, 3]));
      expect(p.shape).toEqual([9, 2]);
      expect(predict(d, p).shape).toEqual([9, 1]);
    });
  });

  it('buildGan dispatches by name, counts parameters and rejects unknown names', () => {
    const gan = buildGan({
      model: 'mlp',
      dataShape: [28, 28, 1],
      latentDim: 100,
      generatorHidden: [256, 512],
      discriminatorHidden: [512, 256],
      maxoutPieces: 0,
      seed: 1,
    });
    expect(gan.parameters.generator).toBe(100 * 256 + 256 + 256 * 512 + 512 + 512 * 784 + 784);
    expect(gan.parameters.discriminator).toBe(784 * 512 + 512 + 512 * 256 + 256 + 256 + 1);
    try {
      buildGan({ model: 'resnet' as never, dataShape: [2], latentDim: 2, seed: 1 });
      expect.unreachable();
    } catch (error) {
      expect(isGantryError(error, 'E_UNKNOWN_MODEL')).toBe(true);
      expect((error as Error).message).toBe('unknown model "resnet"; known: mlp, dcgan, toy-mlp');
    }
    expect(() =>
      buildGan({ model: 'toy-mlp', dataShape: [28, 28, 1], latentDim: 2, seed: 1 }),
    ).toThrowError(/toy-mlp needs 1-D samples/);
    expect(() => mlpDiscriminator({ inputShape: [4], dropout: 1, seed: 1 })).toThrowError(
      /dropout must be in \[0, 1\), got 1/,
    );
  });
});
