import { BACKEND_CANDIDATES, isGantryError, NOISE_PRIORS } from '@gantry/core';
import { type DatasetEntry, datasetNames, findDataset } from '@gantry/datasets';
import { type GanLoss, getLoss, listLosses, type PaperDefaults } from '@gantry/losses';
import { MODEL_KINDS } from '@gantry/models';
import { z } from 'zod';
import { checkTrainingBudget } from './budget';
import { checkCombination, TOY_DATA } from './configCombination';
import { describeConfigIssues } from './configIssues';
import { TRAIN_LIMITS } from './configLimits';
import { TrainerError } from './errors';
import { OPTIMIZER_KINDS } from './optimizers';
import { SCHEDULE_KEYS } from './schedules';
import { toyDefaults } from './toyDefaults';

/** Data sets `gantry train --data` accepts: every name of the dataset catalog. */
export const DATA_NAMES: readonly string[] = Object.freeze(datasetNames());

export { TOY_DATA } from './configCombination';

const L = TRAIN_LIMITS;
const positiveInt = (max: number) => z.number().int().positive().max(max);
const widths = z.array(positiveInt(L.width)).max(L.layers);
const every = z.number().int().min(0).max(L.every);
const path = z.string().min(1).max(L.path);
const name = z.string().min(1).max(L.name);

/**
 * The schema of a training configuration (a `--config` file, or flags): every key optional,
 * unknown keys rejected. Keys are the camelCase forms of the CLI flags. Every number has an
 * upper bound ({@link TRAIN_LIMITS}, where each one is explained), checked before any data is
 * loaded or any weight allocated.
 */
export const trainConfigSchema = z.strictObject({
  data: name.optional(),
  dataDir: path.optional(),
  imageSize: positiveInt(L.imageSize).optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  holdOut: z.boolean().optional(),
  model: z.enum(MODEL_KINDS).optional(),
  loss: name.optional(),
  lossOptions: z
    .record(name, z.number().min(-L.lossOptionValue).max(L.lossOptionValue))
    .refine((o) => Object.keys(o).length <= L.lossOptions, {
      message: `Invalid input: a mapping of at most ${L.lossOptions} loss options`,
    })
    .optional(),
  steps: positiveInt(L.steps).optional(),
  epochs: z.number().positive().max(L.epochs).optional(),
  batchSize: positiveInt(L.batchSize).optional(),
  k: positiveInt(L.k).optional(),
  latentDim: positiveInt(L.latentDim).optional(),
  prior: z.enum(NOISE_PRIORS).optional(),
  optimizer: z.enum(OPTIMIZER_KINDS).optional(),
  lrD: z.number().positive().max(L.lr).optional(),
  lrG: z.number().positive().max(L.lr).optional(),
  beta1: z.number().min(0).lt(1).optional(),
  beta2: z.number().min(0).lt(1).optional(),
  momentum: z.number().min(0).lt(1).optional(),
  lrDecay: z.number().min(1).max(L.lrDecay).optional(),
  minLr: z.number().min(0).max(L.lr).optional(),
  momentumFinal: z.number().min(0).lt(1).optional(),
  momentumStart: z.number().int().min(0).max(L.every).optional(),
  momentumSaturate: z.number().int().min(0).max(L.every).optional(),
  ema: z.number().min(0).lt(1).optional(),
  generatorHidden: widths.optional(),
  discriminatorHidden: widths.optional(),
  maxoutPieces: z.number().int().min(0).max(L.maxoutPieces).optional(),
  dropout: z.number().min(0).lt(1).optional(),
  baseFilters: positiveInt(L.baseFilters).optional(),
  normalization: z.enum(['batch', 'layer', 'none']).optional(),
  seed: z.number().int().optional(),
  backend: z.enum(['auto', ...BACKEND_CANDIDATES]).optional(),
  out: path.optional(),
  sampleEvery: every.optional(),
  sampleCount: positiveInt(L.sampleCount).optional(),
  checkpointEvery: every.optional(),
  keepCheckpoints: positiveInt(L.keepCheckpoints).optional(),
  logEvery: positiveInt(L.every).optional(),
});

/** A training configuration as written by a user: everything optional. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** A fully resolved training configuration: what `config.json` of a run records. */
export interface TrainConfig {
  data: string;
  dataDir?: string;
  imageSize?: number;
  channels?: 1 | 3;
  /**
   * Train only on the images evaluation does not keep for itself (`evalSplitIndices` of
   * `@gantry/datasets`): Goodfellow et al.'s protocol, which trains on MNIST 0–50,000 and
   * chooses the Parzen σ on 50,000–60,000. Absent: every training image.
   */
  holdOut?: true;
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
  /** Learning-rate decay factor per update (pylearn2's ExponentialDecay; 1 = constant). */
  lrDecay?: number;
  /** Floor of the decayed learning rate. */
  minLr?: number;
  /** SGD momentum reached at update `momentumSaturate` (pylearn2's MomentumAdjustor). */
  momentumFinal?: number;
  /** Update at which the momentum ramp starts. */
  momentumStart?: number;
  /** Update at which the momentum reaches `momentumFinal`. */
  momentumSaturate?: number;
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

/**
 * Validates a user configuration (from a file and/or flags): unknown keys (with a "did you
 * mean", snake_case spellings included: `batch_size` → `batchSize`) and bad values are errors
 * naming the key, what it must be and what it got; `where` names the source (e.g. the file).
 * `details.issues` lists them as `{ option, problem }` for a front end to reword (the CLI names
 * its flags).
 */
export function parseTrainConfig(input: unknown, where = 'config'): TrainConfigInput {
  const result = trainConfigSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const known = Object.keys(trainConfigSchema.shape);
    const { message, issues } = describeConfigIssues(result.error, where, known);
    throw new TrainerError('E_BAD_CONFIG', message, {
      where,
      option: issues[0]?.option,
      issues,
    });
  }
  return result.data;
}

/** True when `data` names a toy distribution of the catalog (case-insensitively). */
export function isToyData(data: string): boolean {
  return TOY_DATA.some((name) => name.toLowerCase() === data.toLowerCase());
}

/**
 * The catalog entry of a data name (matched case-insensitively, with a "did you mean" on a near
 * miss); an unknown name is an `E_BAD_CONFIG` error naming the `data` option.
 */
export function checkDataName(data: string): DatasetEntry {
  try {
    return findDataset(data);
  } catch (error) {
    if (!isGantryError(error, 'E_UNKNOWN_NAME')) throw error;
    throw new TrainerError('E_BAD_CONFIG', error.message, { ...error.details }, error);
  }
}

/**
 * Fills in the defaults, which depend on the data (toy or image), the model and the loss's
 * paper defaults (`GanLoss.paperDefaults`), and checks cross-key constraints. A key the config
 * gives always wins. Otherwise:
 * - `k` and `optimizer`: the loss's paper's (n_critic 5 for WGAN, WGAN-GP and hinge; 1 else).
 * - `lrD`/`lrG`, `beta1`, `beta2` when the optimizer is the paper's: the paper's numbers always
 *   when the setup is the loss's own (WGAN: RMSProp 5e-5; WGAN-GP: Adam 1e-4, β (0, 0.9);
 *   hinge: Adam 2e-4, β (0, 0.9); the regularised LSGAN: the slides' Adam 1e-4, β₁ 0.5). When
 *   the paper borrowed DCGAN's optimizer (Adam 2e-4, β (0.5, 0.999): minimax, non-saturating,
 *   the LSGANs, RaGAN), those numbers are tied to DCGAN's architecture, so they apply to `dcgan`
 *   only; `toy-mlp` keeps lr 1e-3 and `mlp` 2e-3 with β (0.5, 0.999): toy defaults, not a
 *   paper's, tuned for the toy tests and the `pnpm demo` digits in 3000 steps of the small mlp
 *   (these models are not DCGAN's, so DCGAN's numbers carry no paper's authority there).
 * - An optimizer other than the paper's: Adam as above (toy 1e-3, mlp 2e-3, dcgan 2e-4,
 *   β (0.5, 0.999)); RMSProp lr 5e-5 (Arjovsky et al.); SGD lr 0.05, momentum 0.5 (Goodfellow
 *   et al.'s initial momentum).
 * Other defaults: toy data → `toy-mlp`, z ∈ ℝ², batch 128, 2000 steps, with per-data-set
 * values over that base ({@link toyDefaults}: gaussian1d, ring2d, grid2d); images → `mlp` (G
 * 256-512 ReLU, D 512-256 LeakyReLU with dropout 0.3, EMA 0.995 of G's weights: digits in 3000
 * steps, ~1.8 min on one core of the native backend), z ∈ ℝ⁶⁴, batch 64; `dcgan` → z ∈ ℝ¹⁰⁰,
 * 1000 steps. `configs/goodfellow-mnist-mlp.yaml` holds the paper's larger maxout MLP (no EMA).
 * {@link resolveOptimizerDefaults} is this rule alone.
 */
export function resolveTrainConfig(input: TrainConfigInput): TrainConfig {
  const c = parseTrainConfig(input);
  const entry = checkDataName(c.data ?? 'mnist-sample');
  const data = entry.name;
  const toy = TOY_DATA.includes(data);
  const lossName = c.loss ?? 'non-saturating';
  const lossOptions = c.lossOptions ?? {};
  const paper = checkLoss(lossName, lossOptions).paperDefaults;
  const model = c.model ?? (toy ? 'toy-mlp' : 'mlp');
  checkCombination(c, entry, model, toy);
  const mlp = model === 'mlp';
  const d = resolveOptimizerDefaults(paper, model, c.optimizer);
  const config: TrainConfig = {
    data,
    ...(c.dataDir !== undefined ? { dataDir: c.dataDir } : {}),
    ...(c.imageSize !== undefined ? { imageSize: c.imageSize } : {}),
    ...(c.channels !== undefined ? { channels: c.channels } : {}),
    ...(c.holdOut ? { holdOut: true as const } : {}),
    model,
    loss: lossName,
    lossOptions: { ...lossOptions }, // as given (validated above); the codes a, b, c are fixed per loss
    ...(c.epochs !== undefined
      ? { epochs: c.epochs }
      : { steps: c.steps ?? (toy ? 2000 : mlp ? 3000 : 1000) }),
    batchSize: c.batchSize ?? (toy ? 128 : 64),
    k: c.k ?? paper.k,
    latentDim: c.latentDim ?? (toy ? 2 : mlp ? 64 : 100),
    prior: c.prior ?? 'normal',
    optimizer: d.optimizer,
    lrD: c.lrD ?? d.lr,
    lrG: c.lrG ?? d.lr,
    beta1: c.beta1 ?? d.beta1,
    beta2: c.beta2 ?? d.beta2,
    momentum: c.momentum ?? 0.5,
    ...scheduleKeys(c, d.optimizer),
    ema: c.ema ?? 0,
    ...(mlp ? mlpDefaults(c) : architectureKeys(c)),
    seed: c.seed ?? 0,
    backend: c.backend ?? 'auto',
    out: c.out ?? 'runs/latest',
    sampleEvery: c.sampleEvery ?? (toy ? 500 : 200),
    sampleCount: c.sampleCount ?? (toy ? 1000 : 64),
    checkpointEvery: c.checkpointEvery ?? 500,
    keepCheckpoints: c.keepCheckpoints ?? 3,
    logEvery: c.logEvery ?? 50,
    ...(toy ? toyDefaults(c, data, d) : {}), // per toy data set, over the toy base above
  };
  checkTrainingBudget(config); // before any data is loaded or weight allocated
  return config;
}

/** The optimizer defaults of {@link resolveTrainConfig} and where they come from. */
export interface OptimizerDefaults {
  optimizer: (typeof OPTIMIZER_KINDS)[number];
  lr: number;
  beta1: number;
  beta2: number;
  /** `paper` (the loss's paper setup) or `gantry` (a toy/demo or generic default). */
  from: 'paper' | 'gantry';
}

const ADAM_BETAS = { beta1: 0.5, beta2: 0.999 } as const;

/** DCGAN's optimizer (Radford et al. §4), which several losses' papers borrowed. */
function isDcganOptimizer(p: PaperDefaults): boolean {
  return p.optimizer === 'adam' && p.lr === 2e-4 && p.beta1 === 0.5 && p.beta2 === 0.999;
}

/**
 * The optimizer, lr and Adam betas a config gets when it leaves them out (the rule of
 * {@link resolveTrainConfig}): the loss's paper setup, except that DCGAN's borrowed optimizer
 * applies to `dcgan` only, and Gantry's defaults when `optimizer` is not the paper's.
 */
export function resolveOptimizerDefaults(
  paper: PaperDefaults,
  model: (typeof MODEL_KINDS)[number],
  optimizer: (typeof OPTIMIZER_KINDS)[number] = paper.optimizer,
): OptimizerDefaults {
  const paperApplies =
    optimizer === paper.optimizer && (model === 'dcgan' || !isDcganOptimizer(paper));
  if (paperApplies) {
    const betas =
      paper.optimizer === 'adam' ? { beta1: paper.beta1, beta2: paper.beta2 } : ADAM_BETAS;
    return { optimizer, lr: paper.lr, ...betas, from: 'paper' };
  }
  const lr =
    optimizer === 'rmsprop'
      ? 5e-5
      : optimizer === 'sgd'
        ? 0.05
        : model === 'toy-mlp'
          ? 1e-3
          : model === 'mlp'
            ? 2e-3
            : 2e-4;
  return { optimizer, lr, ...ADAM_BETAS, from: 'gantry' };
}

/** The schedule keys as given (see `schedules.ts`); a momentum ramp needs SGD and a saturation. */
function scheduleKeys(c: TrainConfigInput, optimizer: string): Partial<TrainConfig> {
  const ramp = c.momentumFinal !== undefined;
  if (ramp && optimizer !== 'sgd') {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `momentumFinal ramps SGD's momentum; optimizer is ${optimizer}`,
      {
        option: 'momentumFinal',
      },
    );
  }
  if (ramp && c.momentumSaturate === undefined) {
    throw new TrainerError(
      'E_BAD_CONFIG',
      'momentumFinal needs momentumSaturate (the update at which it is reached)',
      {
        option: 'momentumSaturate',
      },
    );
  }
  return Object.fromEntries(SCHEDULE_KEYS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
}

/** The architecture keys as given (for `toy-mlp` and `dcgan`, which default them themselves). */
function architectureKeys(c: TrainConfigInput): Partial<TrainConfig> {
  const keys = [
    'generatorHidden',
    'discriminatorHidden',
    'maxoutPieces',
    'dropout',
    'baseFilters',
    'normalization',
  ] as const;
  return Object.fromEntries(keys.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
}

/** The `mlp` defaults: G 256-512, D 512-256 LeakyReLU (no maxout), dropout 0.3, EMA 0.995 of G. */
function mlpDefaults(c: TrainConfigInput): Partial<TrainConfig> {
  return {
    ...architectureKeys(c),
    generatorHidden: c.generatorHidden ?? [256, 512],
    discriminatorHidden: c.discriminatorHidden ?? [512, 256],
    maxoutPieces: c.maxoutPieces ?? 0,
    dropout: c.dropout ?? 0.3,
    ema: c.ema ?? 0.995, // the demo's averaged G: FID 206 → 45 with lr 2e-3 (demo-digits.md)
  };
}

/** The loss named by the config, built (so that its options are validated). */
function checkLoss(name: string, options: Record<string, number>): GanLoss {
  const known = listLosses().map((l) => l.name);
  if (!known.includes(name)) {
    throw new TrainerError('E_BAD_CONFIG', `unknown loss "${name}"; known: ${known.join(', ')}`, {
      option: 'loss',
    });
  }
  try {
    return getLoss(name, options);
  } catch (error) {
    // The loss names its own option ("lambda"); say which setting holds it.
    if (!isGantryError(error)) throw error;
    throw new TrainerError(
      'E_BAD_CONFIG',
      `\`lossOptions\`: ${error.message}`,
      {
        option: 'lossOptions',
      },
      error,
    );
  }
}
