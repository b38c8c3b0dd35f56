import { parsePrior } from '@gantry/core';
import { createBatchStream, type ImageSet, type ToyDistribution } from '@gantry/datasets';
import { type GanLoss, getLoss } from '@gantry/losses';
import { buildGan, type Gan } from '@gantry/models';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from './config';
import { GanTrainer } from './ganTrainer';
import { SCHEDULE_KEYS } from './schedules';

/** The data a run trains on, with the shape of one sample (e.g. from datasets' `loadDataset`). */
export type TrainingData =
  | { kind: 'image'; source: ImageSet; sampleShape: number[] }
  | { kind: 'toy'; source: ToyDistribution; sampleShape: number[] };

/** A trainer built from a config, with the models it trains (the caller disposes them). */
export interface ConfiguredTrainer {
  trainer: GanTrainer;
  gan: Gan;
  /** Frees the trainer's state and both models. */
  dispose(): void;
}

/** Backends where reading a scalar back is a GPU→CPU sync, so the trainer defers it. */
const GPU_BACKENDS = new Set(['webgpu', 'webgl']);

/**
 * Builds the models, the batch stream and the {@link GanTrainer} that a resolved config
 * describes, for `data` (browser-safe: the Node runner, the loss zoo and sweeps build theirs
 * here). Toy data trains a linear-output generator on raw points; images a tanh generator on
 * pixels scaled to [−1, 1].
 *
 * @example
 * const { trainer, dispose } = createTrainer(resolveTrainConfig({ data: 'ring2d' }), data);
 */
export function createTrainer(
  config: TrainConfig,
  data: TrainingData,
  options: {
    loss?: GanLoss;
    /** Keep per-step scalars on the device (default: on the GPU backends webgpu and webgl). */
    deferReadback?: boolean;
  } = {},
): ConfiguredTrainer {
  const toy = data.kind === 'toy';
  const gan = buildGan({
    model: config.model,
    dataShape: data.sampleShape,
    latentDim: config.latentDim,
    outputActivation: toy ? 'linear' : 'tanh',
    generatorHidden: config.generatorHidden,
    discriminatorHidden: config.discriminatorHidden,
    maxoutPieces: config.maxoutPieces,
    dropout: config.dropout,
    baseFilters: config.baseFilters,
    normalization: config.normalization,
    seed: config.seed,
  });
  const optimizer = (lr: number) => ({
    kind: config.optimizer,
    lr,
    beta1: config.beta1,
    beta2: config.beta2,
    momentum: config.momentum,
    schedule: Object.fromEntries(
      SCHEDULE_KEYS.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]),
    ),
  });
  const trainer = new GanTrainer({
    generator: gan.generator,
    discriminator: gan.discriminator,
    loss: options.loss ?? getLoss(config.loss, config.lossOptions),
    data: createBatchStream(data.source, {
      batchSize: config.batchSize,
      seed: `data:${config.seed}`,
      normalize: toy ? 'none' : 'tanh',
    }),
    latentDim: config.latentDim,
    prior: parsePrior(config.prior),
    k: config.k,
    optimizerD: optimizer(config.lrD),
    optimizerG: optimizer(config.lrG),
    seed: config.seed,
    ema: config.ema,
    deferReadback: options.deferReadback ?? GPU_BACKENDS.has(tf.getBackend()),
  });
  return {
    trainer,
    gan,
    dispose: () => {
      trainer.dispose();
      gan.generator.dispose();
      gan.discriminator.dispose();
    },
  };
}

/**
 * Iterations a config trains for: `steps` when given; else `epochs` passes over the data, one
 * iteration drawing k real batches for D (toy data and endless streams: 1000).
 */
export function totalSteps(
  config: TrainConfig,
  data: TrainingData,
  batchesPerEpoch: number,
): number {
  if (config.steps !== undefined) return config.steps;
  if (data.kind === 'toy' || !Number.isFinite(batchesPerEpoch)) return 1000;
  return Math.max(1, Math.ceil(((config.epochs ?? 1) * batchesPerEpoch) / config.k));
}
