// 20 seeded GAN steps on webgpu (SwiftShader) equal to the same 20 steps on tfjs's cpu.
import '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameTraining } from './_equivalence';
import { useSwiftShader } from './_swiftshader';

const ss = await useSwiftShader();

describe.skipIf(!ss.ok)('20 seeded GAN steps: webgpu equals cpu', () => {
  it('MLP, maxout D with dropout, non-saturating loss, EMA of G (SGD + momentum)', async () => {
    const worst = await expectSameTraining(
      {
        model: 'mlp',
        dataShape: [28, 28, 1],
        loss: 'non-saturating',
        batch: 8,
        latentDim: 8,
        hidden: [16],
        maxoutPieces: 3,
        dropout: 0.5,
        ema: 0.9,
        sgd: 0.05,
      },
      20,
    );
    console.info(`worst |Δw| / scale after 20 steps: ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  }, 180_000);

  it('DCGAN 28×28×1 with batch norm, least squares (SGD + momentum)', async () => {
    const worst = await expectSameTraining(
      {
        model: 'dcgan',
        dataShape: [28, 28, 1],
        loss: 'least-squares',
        batch: 4,
        latentDim: 8,
        baseFilters: 4,
        normalization: 'batch',
        sgd: 0.01,
      },
      20,
    );
    console.info(`worst |Δw| / scale after 20 steps: ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  }, 180_000);
});
