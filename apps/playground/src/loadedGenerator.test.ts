import { describe, expect, it } from 'vitest';
import { checkGeneratorShape, readRunConfig, sortRunFiles } from './loadedGenerator';

describe('sortRunFiles', () => {
  it('finds the model, its weights and the optional run config', () => {
    const files = [{ name: 'weights.bin' }, { name: 'config.json' }, { name: 'model.json' }];
    const sorted = sortRunFiles(files);
    expect(sorted.model.name).toBe('model.json');
    expect(sorted.weights.map((f) => f.name)).toEqual(['weights.bin']);
    expect(sorted.config?.name).toBe('config.json');
    expect(sortRunFiles([{ name: 'model.json' }, { name: 'weights.bin' }]).config).toBeNull();
  });

  it('says which file is missing or extra', () => {
    expect(() => sortRunFiles([{ name: 'weights.bin' }])).toThrow(
      /pick the generator's model.json/,
    );
    expect(() => sortRunFiles([{ name: 'model.json' }])).toThrow(
      /model.json needs its weight file/,
    );
    expect(() => sortRunFiles([{ name: 'a.json' }, { name: 'b.json' }, { name: 'w.bin' }])).toThrow(
      /pick one model file, got a.json, b.json/,
    );
  });
});

describe('readRunConfig', () => {
  it("reads a run's data, prior and latent dimension", () => {
    const text = JSON.stringify({
      config: { data: 'ring2d', prior: 'uniform', latentDim: 2, steps: 10 },
      backend: 'cpu',
    });
    expect(readRunConfig(text)).toEqual({ data: 'ring2d', prior: 'uniform', latentDim: 2 });
    expect(readRunConfig('{"config":{"prior":"cauchy"}}')).toEqual({});
  });

  it('names the file when it is not a run config', () => {
    expect(() => readRunConfig('{', 'x/config.json')).toThrow(/^x\/config.json: not JSON/);
    expect(() => readRunConfig('{"steps":1}')).toThrow(/no "config" object/);
  });
});

describe('checkGeneratorShape', () => {
  it('reads z from [null, latentDim] and checks the output is [null, dim]', () => {
    expect(checkGeneratorShape([null, 5], [null, 2], 2)).toBe(5);
    expect(checkGeneratorShape([null, 1], [null, 1], 1)).toBe(1);
    expect(() => checkGeneratorShape([null, 64], [null, 28, 28, 1], 2)).toThrow(
      /makes samples of shape \[, 28, 28, 1\]; this view needs 2-D points/,
    );
    expect(() => checkGeneratorShape([null, 2], [null, 2], 1)).toThrow(/train it on gaussian1d/);
    expect(() => checkGeneratorShape([null, 7, 7], [null, 2], 2)).toThrow(/takes input of shape/);
  });
});
