import { findDataset } from '@gantry/datasets';
import { ganSize } from '@gantry/models';
import type { TrainConfig } from './config';
import { TRAIN_LIMITS } from './configLimits';
import { TrainerError } from './errors';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The shape of one sample of the config's data: the catalog's, or the image folder's options. */
function sampleShapeOf(config: TrainConfig): readonly number[] {
  const side = config.imageSize ?? 28; // image-folder's defaults (loadDataset): 28×28, gray
  return findDataset(config.data).shape ?? [side, side, config.channels ?? 1];
}

/**
 * Refuses a resolved config whose networks would not fit in memory, before any weight is
 * allocated: each network's trainable parameters (`ganSize` of `@gantry/models`) at most
 * `TRAIN_LIMITS.parametersPerNetwork`, and batchSize × the values one sample makes flow at most
 * `TRAIN_LIMITS.batchValues`. `sampleShape` defaults to the data's shape in the catalog.
 *
 * @example
 * checkTrainingBudget(resolveTrainConfig({ generatorHidden: [1e6] })); // throws E_BAD_CONFIG
 */
export function checkTrainingBudget(config: TrainConfig, sampleShape?: readonly number[]): void {
  const size = ganSize({
    model: config.model,
    dataShape: sampleShape ?? sampleShapeOf(config),
    latentDim: config.latentDim,
    generatorHidden: config.generatorHidden,
    discriminatorHidden: config.discriminatorHidden,
    maxoutPieces: config.maxoutPieces,
    baseFilters: config.baseFilters,
    normalization: config.normalization,
    seed: 0,
  });
  const limit = TRAIN_LIMITS.parametersPerNetwork;
  for (const net of ['generator', 'discriminator'] as const) {
    const n = size.parameters[net];
    if (n <= limit) continue;
    const option =
      config.model === 'dcgan'
        ? 'baseFilters'
        : net === 'generator'
          ? 'generatorHidden'
          : 'discriminatorHidden';
    throw new TrainerError(
      'E_BAD_CONFIG',
      `the ${net} would have ${fmt(n)} trainable parameters, more than the limit of ${fmt(limit)} (100 MB of float32 weights, ~400 MB to train): make \`${option}\`, \`latentDim\` or the images smaller`,
      { option, parameters: n, limit },
    );
  }
  const values = config.batchSize * size.activationsPerSample;
  if (values > TRAIN_LIMITS.batchValues) {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `a batch of ${fmt(config.batchSize)} samples would make ${fmt(values)} values flow through the networks (${fmt(size.activationsPerSample)} per sample), more than the limit of ${fmt(TRAIN_LIMITS.batchValues)} (512 MiB of float32 per pass): use a smaller \`batchSize\``,
      { option: 'batchSize', values, limit: TRAIN_LIMITS.batchValues },
    );
  }
}
