// The shipped architectures and regularisers not in training.test.ts, a few steps each: the
// same seeded steps on webgpu (SwiftShader) and on tfjs's cpu end at the same weights.
import '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { expectSameTraining } from './_equivalence';
import { useSwiftShader } from './_swiftshader';

const ss = await useSwiftShader();

describe.skipIf(!ss.ok)('shipped architectures train alike on webgpu and cpu', () => {
  it('MLP with LeakyReLU D, WGAN: weight clipping, RMSProp (the paper optimizer)', async () => {
    await expectSameTraining(
      {
        model: 'mlp',
        dataShape: [28, 28, 1],
        loss: 'wasserstein',
        batch: 8,
        latentDim: 8,
        hidden: [16],
        maxoutPieces: 0,
      },
      3,
    );
  }, 180_000);

  it('DCGAN 32×32×3 with layer norm, WGAN-GP + R1 (double backprop), Adam', async () => {
    await expectSameTraining(
      {
        model: 'dcgan',
        dataShape: [32, 32, 3],
        loss: 'wasserstein-gp',
        batch: 2,
        latentDim: 4,
        baseFilters: 2,
        normalization: 'layer',
        r1: 1,
      },
      3,
    );
  }, 180_000);

  it('DCGAN 32×32×3 with batch norm, relativistic average loss, EMA of G (SGD + momentum)', async () => {
    await expectSameTraining(
      {
        model: 'dcgan',
        dataShape: [32, 32, 3],
        loss: 'relativistic-average',
        batch: 2,
        latentDim: 4,
        baseFilters: 2,
        normalization: 'batch',
        ema: 0.9,
        sgd: 0.01,
      },
      3,
    );
  }, 180_000);
});
