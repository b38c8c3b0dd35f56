import { BACKEND_CANDIDATES, NOISE_PRIORS } from '@gantry/core';
import { getLoss, listLosses } from '@gantry/losses';
import { MODEL_KINDS } from '@gantry/models';
import { z } from 'zod';
import { TrainerError } from './errors';
import { OPTIMIZER_KINDS } from './optimizers';

/** Data sets `gantry train --data` accepts (plus `folder:PATH`). */
export const DATA_NAMES = [
  'mnist-sample',
  'mnist',
  'fashion-mnist',
  'cifar10',
  'gaussian1d',
  'ring2d',
  'grid2d',
  'swissroll2d',
  'spiral2d',
] as const;

/** The toy (1-D/2-D) data names among {@link DATA_NAMES}. */
export const TOY_DATA = ['gaussian1d', 'ring2d', 'grid2d', 'swissroll2d', 'spiral2d'] as const;

const positiveInt = z.number().int().positive();
const widths = z.array(positiveInt);

/**
 * The schema of a training configuration (a `--config` file, or flags): every key optional,
 * unknown keys rejected. Keys are the camelCase forms of the CLI flags.
 */
export const trainConfigSchema = z.strictObject({
  data: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  imageSize: positiveInt.optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  model: z.enum(MODEL_KINDS).optional(),
  loss: z.string().min(1).optional(),
  lossOptions: z.record(z.string(), z.number()).optional(),
  steps: positiveInt.optional(),
  epochs: z.number().positive().optional(),
  batchSize: positiveInt.optional(),
  k: positiveInt.optional(),
  latentDim: positiveInt.optional(),
  prior: z.enum(NOISE_PRIORS).optional(),
  optimizer: z.enum(OPTIMIZER_KINDS).optional(),
  lrD: z.number().positive().optional(),
  lrG: z.number().positive().optional(),
  beta1: z.number().min(0).lt(1).optional(),
  beta2: z.number().min(0).lt(1).optional(),
  momentum: z.number().min(0).lt(1).optional(),
  ema: z.number().min(0).lt(1).optional(),
  generatorHidden: widths.optional(),
  discriminatorHidden: widths.optional(),
  maxoutPieces: z.number().int().min(0).optional(),
  dropout: z.number().min(0).lt(1).optional(),
  baseFilters: positiveInt.optional(),
  normalization: z.enum(['batch', 'layer', 'none']).optional(),
  seed: z.number().int().optional(),
  backend: z.enum(['auto', ...BACKEND_CANDIDATES]).optional(),
  out: z.string().min(1).optional(),
  sampleEvery: z.number().int().min(0).optional(),
  sampleCount: positiveInt.optional(),
  checkpointEvery: z.number().int().min(0).optional(),
  keepCheckpoints: positiveInt.optional(),
  logEvery: positiveInt.optional(),
});

/** A training configuration as written by a user: everything optional. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** A fully resolved training configuration: what `config.json` of a run records. */
export interface TrainConfig {
  data: string;
  dataDir?: string;
  imageSize?: number;
  channels?: 1 | 3;
  model: (typeof MODEL_KINDS)[number];
  loss: string;
  lossOptions: Record<string, number>;
  /** Generator steps (Algorithm 1 iterations) to reach; derived from `epochs` when given. */
  steps?: number;
  epochs?: number;
  batchSize: number;
  k: number;
  latentDim: number;
  prior: (typeof NOISE_PRIORS)[number];
  optimizer: (typeof OPTIMIZER_KINDS)[number];
  lrD: number;
  lrG: number;
  beta1: number;
  beta2: number;
  momentum: number;
  ema: number;
  generatorHidden?: number[];
  discriminatorHidden?: number[];
  maxoutPieces?: number;
  dropout?: number;
  baseFilters?: number;
  normalization?: 'batch' | 'layer' | 'none';
  seed: number;
  backend: 'auto' | (typeof BACKEND_CANDIDATES)[number];
  out: string;
  sampleEvery: number;
  sampleCount: number;
  checkpointEvery: number;
  keepCheckpoints: number;
  logEvery: number;
}

/** Formats zod issues as "key: problem" lines that name the key and what is allowed. */
function describeIssues(error: z.ZodError, where: string): string {
  const allowed = Object.keys(trainConfigSchema.shape).join(', ');
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') {
        return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed keys: ${allowed}`;
      }
      return `${where}: "${key}": ${issue.message}`;
    })
    .join('\n');
}

/**
 * Validates a user configuration (from a file and/or flags): unknown keys and bad values are
 * errors naming the key and the allowed values; `where` names the source (e.g. the file).
 */
export function parseTrainConfig(input: unknown, where = 'config'): TrainConfigInput {
  const result = trainConfigSchema.safeParse(input);
  if (!result.success) {
    throw new TrainerError('E_BAD_CONFIG', describeIssues(result.error, where), { where });
  }
  return result.data;
}

function isToy(data: string): boolean {
  return (TOY_DATA as readonly string[]).includes(data);
}

/** Checks a data name: one of {@link DATA_NAMES} or `folder:PATH`. */
export function checkDataName(data: string): void {
  if ((DATA_NAMES as readonly string[]).includes(data)) return;
  if (data.startsWith('folder:') && data.length > 'folder:'.length) return;
  throw new TrainerError(
    'E_BAD_CONFIG',
    `unknown data "${data}"; known: ${DATA_NAMES.join(', ')}, folder:PATH`,
    { key: 'data' },
  );
}

/**
 * Fills in the defaults, which depend on the data (toy or image) and the loss (its
 * recommended optimizer), and checks cross-key constraints. Defaults: toy data → `toy-mlp`,
 * z ∈ ℝ², batch 128, Adam lr 1e-3, 2000 steps; images → `mlp` (G 256-512 ReLU, D 512-256
 * LeakyReLU with dropout 0.3: digits in 3000 steps, ~1.5 min on the native backend), z ∈ ℝ⁶⁴,
 * batch 64, Adam lr 5e-4, β₁ 0.5; `dcgan` → z ∈ ℝ¹⁰⁰, Adam lr 2e-4, 1000 steps; WGAN →
 * RMSProp lr 5e-5 (Arjovsky et al.); SGD lr 0.05, momentum 0.5 (Goodfellow et al.).
 * `configs/goodfellow-mnist-mlp.yaml` holds the paper's larger maxout MLP.
 */
export function resolveTrainConfig(input: TrainConfigInput): TrainConfig {
  const c = parseTrainConfig(input);
  const data = c.data ?? 'mnist-sample';
  checkDataName(data);
  const toy = isToy(data);
  const lossName = c.loss ?? 'non-saturating';
  const known = listLosses().map((l) => l.name);
  if (!known.includes(lossName)) {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `unknown loss "${lossName}"; known: ${known.join(', ')}`,
      { key: 'loss' },
    );
  }
  const lossOptions = c.lossOptions ?? {};
  const loss = getLoss(lossName, lossOptions); // validates the options
  const optimizer = c.optimizer ?? loss.recommendedOptimizer;
  const model = c.model ?? (toy ? 'toy-mlp' : 'mlp');
  const mlp = model === 'mlp';
  const defaultLr =
    optimizer === 'rmsprop' ? 5e-5 : optimizer === 'sgd' ? 0.05 : toy ? 1e-3 : mlp ? 5e-4 : 2e-4;
  if (toy && model !== 'toy-mlp') {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `model "${model}" needs image data; use toy-mlp for ${data}`,
      { key: 'model' },
    );
  }
  if (!toy && model === 'toy-mlp') {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `model "toy-mlp" needs toy data (${TOY_DATA.join(', ')}); got ${data}`,
      {
        key: 'model',
      },
    );
  }
  if (c.steps !== undefined && c.epochs !== undefined) {
    throw new TrainerError('E_BAD_CONFIG', 'give either "steps" or "epochs", not both', {
      key: 'steps',
    });
  }
  if (toy && c.epochs !== undefined) {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `toy data (${data}) is sampled afresh every batch: use "steps", not "epochs"`,
      {
        key: 'epochs',
      },
    );
  }
  return {
    data,
    ...(c.dataDir !== undefined ? { dataDir: c.dataDir } : {}),
    ...(c.imageSize !== undefined ? { imageSize: c.imageSize } : {}),
    ...(c.channels !== undefined ? { channels: c.channels } : {}),
    model,
    loss: lossName,
    lossOptions: { ...lossOptions }, // as given (validated above); the codes a, b, c are fixed per loss
    ...(c.epochs !== undefined
      ? { epochs: c.epochs }
      : { steps: c.steps ?? (toy ? 2000 : mlp ? 3000 : 1000) }),
    batchSize: c.batchSize ?? (toy ? 128 : 64),
    k: c.k ?? 1,
    latentDim: c.latentDim ?? (toy ? 2 : mlp ? 64 : 100),
    prior: c.prior ?? 'normal',
    optimizer,
    lrD: c.lrD ?? defaultLr,
    lrG: c.lrG ?? defaultLr,
    beta1: c.beta1 ?? 0.5,
    beta2: c.beta2 ?? 0.999,
    momentum: c.momentum ?? 0.5,
    ema: c.ema ?? 0,
    ...(c.generatorHidden
      ? { generatorHidden: c.generatorHidden }
      : mlp
        ? { generatorHidden: [256, 512] }
        : {}),
    ...(c.discriminatorHidden
      ? { discriminatorHidden: c.discriminatorHidden }
      : mlp
        ? { discriminatorHidden: [512, 256] }
        : {}),
    ...(c.maxoutPieces !== undefined
      ? { maxoutPieces: c.maxoutPieces }
      : mlp
        ? { maxoutPieces: 0 }
        : {}),
    ...(c.dropout !== undefined ? { dropout: c.dropout } : mlp ? { dropout: 0.3 } : {}),
    ...(c.baseFilters !== undefined ? { baseFilters: c.baseFilters } : {}),
    ...(c.normalization !== undefined ? { normalization: c.normalization } : {}),
    seed: c.seed ?? 0,
    backend: c.backend ?? 'auto',
    out: c.out ?? 'runs/latest',
    sampleEvery: c.sampleEvery ?? (toy ? 500 : 200),
    sampleCount: c.sampleCount ?? (toy ? 1000 : 64),
    checkpointEvery: c.checkpointEvery ?? 500,
    keepCheckpoints: c.keepCheckpoints ?? 3,
    logEvery: c.logEvery ?? 50,
  };
}
