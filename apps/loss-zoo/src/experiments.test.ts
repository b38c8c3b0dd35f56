import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS, pickExperiments, ZOO_EPOCHS, zooConfig } from './experiments';

/** The flat `key: value` pairs of a configs/*.yaml file (comments dropped). */
function readFlatYaml(name: string): Record<string, string> {
  const text = readFileSync(new URL(`../../../configs/${name}`, import.meta.url), 'utf8');
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]\w*):\s*([^#]*?)\s*(#.*)?$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

describe('the six objectives', () => {
  it('are the slides configs: same loss, optimizer, lr, z, k, batch and critic normalisation', () => {
    expect(EXPERIMENTS.map((e) => e.id)).toEqual([
      'minimax',
      'non-saturating',
      'wasserstein',
      'wasserstein-gp',
      'lsgan',
      'regularized-least-squares',
    ]);
    for (const e of EXPERIMENTS) {
      const yaml = readFlatYaml(`slides-${e.id}.yaml`);
      const config = zooConfig(e, { data: 'mnist-sample', steps: 5, batchSize: 64, seed: 0 });
      expect(config.model, e.id).toBe(yaml['model']);
      expect(config.loss, e.id).toBe(yaml['loss']);
      expect(config.optimizer, e.id).toBe(yaml['optimizer']);
      expect(config.lrD, e.id).toBe(Number(yaml['lrD']));
      expect(config.lrG, e.id).toBe(Number(yaml['lrG']));
      expect(config.latentDim, e.id).toBe(Number(yaml['latentDim']));
      expect(config.k, e.id).toBe(Number(yaml['k']));
      expect(config.batchSize, e.id).toBe(Number(yaml['batchSize']));
      expect(config.beta1, e.id).toBe(
        yaml['beta1'] === undefined ? undefined : Number(yaml['beta1']),
      );
      expect(config.normalization, e.id).toBe(yaml['normalization']);
    }
  });

  it('take epochs instead of steps, and name an unknown objective', () => {
    const [first] = EXPERIMENTS;
    const full = zooConfig(first as (typeof EXPERIMENTS)[number], {
      data: 'mnist',
      epochs: 20,
      batchSize: 64,
      seed: 0,
    });
    expect(full).toMatchObject({ epochs: 20, data: 'mnist' });
    expect(full.steps).toBeUndefined();
    // Neither given: the slides' 20 epochs (3,120 steps of the embedded 10,000 digits at batch 64).
    const byDefault = zooConfig(first as (typeof EXPERIMENTS)[number], {
      data: 'mnist-sample',
      batchSize: 64,
      seed: 0,
    });
    expect(byDefault).toMatchObject({ epochs: ZOO_EPOCHS });
    expect(ZOO_EPOCHS).toBe(20);
    expect(byDefault.steps).toBeUndefined();
    expect(pickExperiments(['lsgan', 'minimax']).map((e) => e.id)).toEqual(['lsgan', 'minimax']);
    expect(() => pickExperiments(['wgan'])).toThrow(/unknown objective "wgan"; known: minimax,/);
  });
});
