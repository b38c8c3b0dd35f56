import { describe, expect, it } from 'vitest';
import { resolveTrainConfig } from './config';

// Issue 14 item 3: each loss's paper setup is used unless the config says otherwise; numbers
// written here from the papers (Arjovsky et al. 2017, Gulrajani et al. 2017, Radford et al.
// 2015, Miyato et al. 2018), not read from the code.
describe('resolveTrainConfig: paper defaults', () => {
  it('WGAN-GP gets n_critic 5, Adam 1e-4, β (0, 0.9) on every model', () => {
    for (const data of ['ring2d', 'mnist-sample']) {
      expect(resolveTrainConfig({ data, loss: 'wasserstein-gp' })).toMatchObject({
        k: 5,
        optimizer: 'adam',
        lrD: 1e-4,
        lrG: 1e-4,
        beta1: 0,
        beta2: 0.9,
      });
    }
  });

  it('WGAN gets n_critic 5 and RMSProp 5e-5; hinge n_dis 5, Adam 2e-4, β (0, 0.9)', () => {
    expect(resolveTrainConfig({ data: 'ring2d', loss: 'wasserstein' })).toMatchObject({
      k: 5,
      optimizer: 'rmsprop',
      lrD: 5e-5,
      lrG: 5e-5,
    });
    expect(resolveTrainConfig({ loss: 'hinge', model: 'dcgan' })).toMatchObject({
      k: 5,
      lrD: 2e-4,
      beta1: 0,
      beta2: 0.9,
    });
  });

  it('DCGAN’s borrowed optimizer applies to dcgan; the toy and demo mlp keep their defaults', () => {
    expect(resolveTrainConfig({ model: 'dcgan', loss: 'minimax' })).toMatchObject({
      k: 1,
      lrD: 2e-4,
      beta1: 0.5,
      beta2: 0.999,
    });
    expect(resolveTrainConfig({ data: 'mnist-sample' })).toMatchObject({
      k: 1,
      lrD: 2e-3,
      lrG: 2e-3,
      ema: 0.995,
    });
    expect(resolveTrainConfig({ data: 'mnist-sample', ema: 0 }).ema).toBe(0);
    expect(resolveTrainConfig({ data: 'ring2d' })).toMatchObject({ k: 1, lrD: 1e-3 });
  });

  it('a config or flag wins over every paper default', () => {
    const c = resolveTrainConfig({
      data: 'ring2d',
      loss: 'wasserstein-gp',
      k: 2,
      lrD: 3e-4,
      beta1: 0.5,
    });
    expect(c).toMatchObject({ k: 2, lrD: 3e-4, lrG: 1e-4, beta1: 0.5, beta2: 0.9 });
    // Another optimizer than the paper's: the paper's lr and betas do not carry over.
    expect(
      resolveTrainConfig({ data: 'ring2d', loss: 'wasserstein', optimizer: 'sgd' }),
    ).toMatchObject({ k: 5, optimizer: 'sgd', lrD: 0.05, momentum: 0.5 });
  });
});

describe('resolveTrainConfig: schedules', () => {
  it('records the schedule keys; a momentum ramp needs SGD and a saturation update', () => {
    const c = resolveTrainConfig({
      optimizer: 'sgd',
      lrDecay: 1.000004,
      momentumFinal: 0.7,
      momentumSaturate: 10,
    });
    expect(c).toMatchObject({ lrDecay: 1.000004, momentumFinal: 0.7, momentumSaturate: 10 });
    expect(() => resolveTrainConfig({ momentumFinal: 0.7, momentumSaturate: 10 })).toThrowError(
      /momentumFinal ramps SGD's momentum; optimizer is adam/,
    );
    expect(() => resolveTrainConfig({ optimizer: 'sgd', momentumFinal: 0.7 })).toThrowError(
      /momentumFinal needs momentumSaturate/,
    );
    expect(() => resolveTrainConfig({ lrDecay: 0.5 })).toThrowError(/"lrDecay"/);
  });
});
