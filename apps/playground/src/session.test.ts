import { GLOBAL_MINIMUM_C } from '@gantry/core';
import { getLoss } from '@gantry/losses';
import { NonFiniteLossError } from '@gantry/trainer';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARROW_POINTS, analyse1d, analyse2d, CELLS_1D, CELLS_2D, mappingNoise } from './analysis';
import { PlaygroundSession } from './session';
import { defaultSettings, type Settings } from './settings';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = (data: Settings['data'], extra: Partial<Settings> = {}): Settings => ({
  ...defaultSettings(data),
  width: 16,
  batchSize: 32,
  ...extra,
});

describe('PlaygroundSession', () => {
  it('counts iterations, D steps and G steps, and leaks no tensor', () => {
    const s = new PlaygroundSession(small('ring2d', { k: 2 }));
    s.step();
    analyse2d(s);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      s.step();
      s.stepDiscriminator();
      s.stepGenerator();
      analyse2d(s);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(s.counts).toEqual({
      iterations: 11,
      discriminatorSteps: 11 * 2 + 10,
      generatorSteps: 21,
    });
    expect(s.last.lossD).toBeTypeOf('number');
    s.dispose();
  });

  it('trains through trainLoop exactly as many single steps would', async () => {
    const a = new PlaygroundSession(small('ring2d', { k: 2 }));
    const b = new PlaygroundSession(small('ring2d', { k: 2 }));
    for (let i = 0; i < 6; i++) a.step();
    b.step(); // the optimizers make their slots on the first update
    const before = tf.memory().numTensors;
    expect(await b.train(5)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(b.counts).toEqual(a.counts);
    expect(b.last.lossD).toBe(a.last.lossD);
    expect(b.last.lossG).toBe(a.last.lossG);
    const stop = new AbortController();
    const abortAt8 = { afterStep: () => (b.counts.iterations === 8 ? stop.abort() : undefined) };
    await b.train(100, { signal: stop.signal, hooks: [abortAt8] });
    expect(b.counts.iterations).toBe(8);
    a.dispose();
    b.dispose();
  });

  it('frees everything it made on dispose', () => {
    const start = tf.memory().numTensors;
    const s = new PlaygroundSession(small('gaussian1d'));
    s.step();
    analyse1d(s);
    s.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('moves only D on a D step and only G on a G step', () => {
    const s = new PlaygroundSession(small('spiral2d'));
    const probe = Float32Array.from([0, 0, 1, 1, -2, 0.5]);
    const g0 = s.generatedSamples();
    const d0 = s.discriminatorAt(probe);
    s.stepDiscriminator();
    expect(s.generatedSamples()).toEqual(g0);
    const d1 = s.discriminatorAt(probe);
    expect(d1).not.toEqual(d0);
    s.stepGenerator();
    expect(s.discriminatorAt(probe)).toEqual(d1);
    expect(s.generatedSamples()).not.toEqual(g0);
    s.dispose();
  });

  it('points generator arrows to where the non-saturating G loss falls (D rises)', () => {
    const s = new PlaygroundSession(small('ring2d'));
    for (let i = 0; i < 20; i++) s.stepDiscriminator();
    const x = s.generatedSamples().slice(0, 40);
    const dir = s.generatorDirections(x);
    expect(dir).toHaveLength(40);
    const eps = 1e-2;
    const moved = new Float32Array(40);
    for (let p = 0; p < 20; p++) {
      const norm = Math.hypot(dir[2 * p] as number, dir[2 * p + 1] as number);
      moved[2 * p] = (x[2 * p] as number) + (eps * (dir[2 * p] as number)) / norm;
      moved[2 * p + 1] = (x[2 * p + 1] as number) + (eps * (dir[2 * p + 1] as number)) / norm;
    }
    const before = s.discriminatorAt(x);
    const after = s.discriminatorAt(moved);
    let rose = 0;
    for (let i = 0; i < 20; i++) if ((after[i] as number) > (before[i] as number)) rose += 1;
    expect(rose).toBeGreaterThanOrEqual(19);
    s.dispose();
  });

  it('gives the relativistic loss the real outputs it needs for the arrows', () => {
    const s = new PlaygroundSession(small('grid2d', { loss: 'relativistic-average' }));
    s.step();
    const dir = s.generatorDirections(s.generatedSamples().slice(0, 20));
    expect(dir.every(Number.isFinite)).toBe(true);
    s.dispose();
  });

  it('turns a non-finite loss into an error and stops taking steps', () => {
    const s = new PlaygroundSession(small('gaussian1d'));
    s.trainer.step = () => {
      throw new NonFiniteLossError('lossD', Number.NaN, 1);
    };
    expect(s.step()).toBe(false);
    expect(s.error).toMatch(
      /lossD is NaN at step 1; the update was not applied\. Lower the learning rates/,
    );
    expect(s.stepGenerator()).toBe(false);
    expect(s.counts.generatorSteps).toBe(0);
    s.dispose();
  });

  it('builds every loss of the registry', () => {
    for (const name of ['wasserstein', 'wasserstein-gp', 'hinge', 'lsgan-chi2']) {
      const s = new PlaygroundSession(small('ring2d', { loss: name, optimizer: 'rmsprop' }));
      expect(s.loss.name).toBe(getLoss(name).name);
      expect(s.step()).toBe(true);
      s.dispose();
    }
  });
});

describe('analyse1d', () => {
  it('draws densities that integrate to one and a theory that holds together', () => {
    const s = new PlaygroundSession(small('gaussian1d'));
    const f = analyse1d(s);
    expect(f.grid.centres).toHaveLength(CELLS_1D);
    const mass = (d: Float64Array) => d.reduce((a, v) => a + v * f.grid.width, 0);
    expect(mass(f.dataDensity)).toBeCloseTo(1, 4);
    expect(mass(f.generatorDensity) + f.theory.outside.g).toBeCloseTo(1, 6);
    expect(f.theory.criterion).toBeCloseTo(GLOBAL_MINIMUM_C + 2 * f.theory.jsd, 12);
    expect(f.theory.jsd).toBeGreaterThan(0.5); // an untrained G sits far from N(2, 0.5²)
    expect(f.optimum?.values).toHaveLength(CELLS_1D);
    expect(f.value?.value).toBeLessThanOrEqual(0);
    expect(f.mapping?.x).toHaveLength(33);
    expect(f.d.every((v) => v > 0 && v < 1)).toBe(true);
    s.dispose();
  });

  it('sees the generator move onto the data: JSD falls and C(G) approaches −log 4', () => {
    const s = new PlaygroundSession(defaultSettings('gaussian1d'));
    const start = analyse1d(s).theory;
    for (let i = 0; i < 250; i++) s.step();
    const end = analyse1d(s);
    expect(end.theory.jsd).toBeLessThan(start.jsd / 4);
    expect(end.theory.criterion - GLOBAL_MINIMUM_C).toBeLessThan(0.3);
    // Over the data's bulk D has flattened towards ½.
    const bulk = end.grid.centres.flatMap((x, i) =>
      Math.abs(x - 2) < 0.5 ? [end.d[i] as number] : [],
    );
    expect(Math.max(...bulk.map((d) => Math.abs(d - 0.5)))).toBeLessThan(0.2);
    s.dispose();
  }, 30_000);

  it('has no mapping when z has more than one dimension', () => {
    const s = new PlaygroundSession(small('gaussian1d', { latentDim: 3 }));
    expect(analyse1d(s).mapping).toBeNull();
    s.dispose();
  });
});

describe('analyse2d', () => {
  it('scores mode coverage where the data has modes', () => {
    const ring = new PlaygroundSession(small('ring2d'));
    const f = analyse2d(ring);
    expect(f.d).toHaveLength(CELLS_2D * CELLS_2D);
    expect(f.directions).toHaveLength(2 * ARROW_POINTS);
    expect(f.modes?.numModes).toBe(8);
    ring.dispose();
    const roll = new PlaygroundSession(small('swissRoll2d'));
    expect(analyse2d(roll).modes).toBeNull();
    roll.dispose();
  });
});

describe('mappingNoise', () => {
  it('spaces z evenly inside the prior', () => {
    expect(Array.from(mappingNoise('uniform', 4))).toEqual([-0.75, -0.25, 0.25, 0.75]);
    const n = mappingNoise('normal', 5);
    expect(n[0]).toBeCloseTo(-2, 6);
    expect(n[4]).toBeCloseTo(2, 6);
  });
});
