import { LOSS_NAMES } from '@gantry/losses';
import { OPTIMIZER_KINDS } from '@gantry/trainer';
import { describe, expect, it } from 'vitest';
import {
  DATA_CHOICES,
  decodeSettings,
  defaultSettings,
  encodeSettings,
  isOneDimensional,
  type Settings,
  switchData,
} from './settings';

describe('defaultSettings', () => {
  it('draws Figure 1 in 1-D (z ∈ ℝ¹, uniform) and GAN Lab settings in 2-D', () => {
    const one = defaultSettings('gaussian1d');
    expect(one).toMatchObject({ latentDim: 1, prior: 'uniform', loss: 'non-saturating', k: 1 });
    const two = defaultSettings('ring2d');
    expect(two).toMatchObject({ latentDim: 2, prior: 'normal' });
    expect(isOneDimensional('gaussian1d')).toBe(true);
    expect(DATA_CHOICES.filter(isOneDimensional)).toEqual(['gaussian1d']);
  });
});

describe('encodeSettings / decodeSettings', () => {
  it('writes only the data set for defaults', () => {
    expect(encodeSettings(defaultSettings('grid2d'))).toBe('data=grid2d');
  });

  it('round-trips every loss, optimizer and changed number', () => {
    for (const loss of LOSS_NAMES) {
      for (const optimizer of OPTIMIZER_KINDS) {
        const s: Settings = {
          ...defaultSettings('spiral2d'),
          loss,
          optimizer,
          k: 5,
          lrD: 3.5e-4,
          lrG: 0.02,
          latentDim: 7,
          prior: 'uniform',
          width: 96,
          depth: 3,
          batchSize: 40,
          seed: 123456,
          backend: 'cpu',
        };
        const decoded = decodeSettings(`?${encodeSettings(s)}`);
        expect(decoded.warnings).toEqual([]);
        expect(decoded.settings).toEqual(s);
      }
    }
  });

  it('uses short keys a person can edit', () => {
    const q = encodeSettings({
      ...defaultSettings('ring2d'),
      k: 3,
      latentDim: 4,
      optimizer: 'sgd',
    });
    expect(q).toBe('data=ring2d&k=3&opt=sgd&z=4');
  });

  it('refuses bad values one by one, naming the key, and keeps the rest', () => {
    const { settings, warnings } = decodeSettings(
      '?data=ring2d&loss=nope&k=0&lrD=-1&lrG=abc&z=2.5&width=100000&depth=2&batch=&seed=7&opt=adamw&prior=cauchy&backend=gpu',
    );
    expect(settings).toEqual({ ...defaultSettings('ring2d'), depth: 2, seed: 7 });
    expect(warnings).toHaveLength(10);
    expect(warnings.join('\n')).toMatch(/loss: "nope" is not one of minimax, non-saturating/);
    expect(warnings.join('\n')).toMatch(/k: "0" is not an integer in \[1, 10\]/);
    expect(warnings.join('\n')).toMatch(/z: "2.5" is not an integer/);
    expect(warnings.join('\n')).toMatch(/lrG: "abc" is not a number/);
    expect(warnings.join('\n')).toMatch(/batch: "" is not an integer/);
  });

  it('falls back to the 1-D data set for an unknown one and ignores unknown keys', () => {
    const { settings, warnings } = decodeSettings('data=mnist&foo=1');
    expect(settings).toEqual(defaultSettings('gaussian1d'));
    expect(warnings).toEqual([
      'data: "mnist" is not one of gaussian1d, ring2d, grid2d, swissRoll2d, spiral2d',
    ]);
  });
});

describe('switchData', () => {
  it('keeps the game (loss, k, optimizer, seed, backend) and takes the architecture defaults', () => {
    const from: Settings = {
      ...defaultSettings('ring2d'),
      loss: 'hinge',
      k: 4,
      optimizer: 'rmsprop',
      lrD: 0.01,
      lrG: 0.02,
      width: 128,
      seed: 9,
      backend: 'cpu',
    };
    const same = switchData(from, 'grid2d');
    expect(same).toMatchObject({ data: 'grid2d', loss: 'hinge', k: 4, optimizer: 'rmsprop' });
    expect(same).toMatchObject({ lrD: 0.01, lrG: 0.02, width: 32, seed: 9, backend: 'cpu' });
    const oneD = switchData(from, 'gaussian1d');
    expect(oneD).toMatchObject({ latentDim: 1, prior: 'uniform', loss: 'hinge', k: 4 });
    // Learning rates tuned for 2-D do not carry over to 1-D.
    expect(oneD.lrD).toBe(defaultSettings('gaussian1d').lrD);
  });
});
