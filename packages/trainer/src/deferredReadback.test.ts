import { isGantryError } from '@gantry/core';
import { ring2d } from '@gantry/datasets';
import { type GanLoss, getLoss } from '@gantry/losses';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveTrainConfig } from './config';
import { createTrainer, type TrainingData } from './createTrainer';
import { NonFiniteLossError, type StepMetrics } from './ganTrainer';
import { trainLoop } from './trainLoop';

beforeAll(useCpuBackend);

const data: TrainingData = { kind: 'toy', source: ring2d(), sampleShape: [2] };

function build(loss: string, deferReadback: boolean, lossOverride?: GanLoss) {
  // toy-mlp's own [128, 128] (ring2d's default [256, 256] would only make this test slower).
  const config = resolveTrainConfig({
    data: 'ring2d',
    loss,
    batchSize: 16,
    seed: 3,
    generatorHidden: [128, 128],
    discriminatorHidden: [128, 128],
  });
  return createTrainer(config, data, {
    deferReadback,
    ...(lossOverride ? { loss: lossOverride } : {}),
  });
}

function weights(trainer: ReturnType<typeof build>['trainer']): number[][] {
  return [...trainer.generator.getWeights(), ...trainer.discriminator.getWeights()].map((w) =>
    Array.from(w.dataSync()),
  );
}

/** Strips the wall time, which differs between any two runs. */
const scalars = ({ stepMs: _, ...rest }: StepMetrics) => rest;

describe('scalars kept on the device (GPU backends)', () => {
  it.each(['non-saturating', 'wasserstein-gp'])(
    '%s: the same updates and scalars as reading every step, read every 10 steps',
    async (loss) => {
      const eager = build(loss, false);
      const deferred = build(loss, true);
      const seen = { eager: [] as StepMetrics[], deferred: [] as StepMetrics[] };
      const hook = (into: StepMetrics[]) => ({ metrics: (m: StepMetrics) => void into.push(m) });
      await trainLoop(eager.trainer, { total: 30, hooks: [hook(seen.eager)] });
      await trainLoop(deferred.trainer, {
        total: 30,
        metricsEvery: 10,
        hooks: [hook(seen.deferred)],
      });
      expect(seen.deferred.map((m) => m.step)).toEqual([10, 20, 30]);
      expect(seen.deferred.map(scalars)).toEqual(
        seen.eager.filter((m) => m.step % 10 === 0).map(scalars),
      );
      expect(weights(deferred.trainer)).toEqual(weights(eager.trainer));
      eager.dispose();
      deferred.dispose();
    },
  );

  it('reads nothing back between reads, and leaks no tensor', async () => {
    const { trainer, dispose } = build('wasserstein-gp', true);
    trainer.queueStep();
    await trainer.readMetrics();
    const backend = tf.backend();
    const readSync = vi.spyOn(backend, 'readSync');
    const read = vi.spyOn(backend, 'read');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) trainer.queueStep();
    expect(readSync).not.toHaveBeenCalled();
    expect(read).not.toHaveBeenCalled();
    // One more tensor than after the read: the finiteness flag, which the next read frees.
    expect(tf.memory().numTensors).toBe(before + 1);
    const m = await trainer.readMetrics();
    expect(m?.step).toBe(21);
    expect(tf.memory().numTensors).toBe(before);
    readSync.mockRestore();
    read.mockRestore();
    dispose();
  });

  it('finds a NaN loss at the next read, naming the steps, and refuses to checkpoint it', async () => {
    const base = getLoss('non-saturating');
    let calls = 0;
    const poisoned: GanLoss = {
      ...base,
      discriminatorLoss: (real, fake, ctx) => {
        calls += 1;
        const l = base.discriminatorLoss(real, fake, ctx);
        return calls === 13 ? tf.tidy(() => tf.mul(l, Number.NaN) as tf.Scalar) : l;
      },
    };
    const { trainer, dispose } = build('non-saturating', true, poisoned);
    const error = await trainLoop(trainer, { total: 30, metricsEvery: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(isGantryError(error, 'E_NONFINITE_LOSS')).toBe(true);
    expect(error.message).toMatch(
      /^a loss was not finite in steps 11–20 \(lossD is NaN at step 20/,
    );
    expect(error).toMatchObject({ step: 20, firstStep: 11 });
    dispose();
    const again = build('non-saturating', true, { ...poisoned });
    calls = 0;
    for (let i = 0; i < 13; i++) again.trainer.queueStep();
    expect(() => again.trainer.getState()).toThrow(NonFiniteLossError);
    again.dispose();
  });
});
