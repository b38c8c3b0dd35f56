import { isGantryError } from '@gantry/core';
import { DATA_NAMES, parseTrainConfig, type TrainConfigInput } from '@gantry/trainer';
import { UsageError } from '../errors';
import { BACKEND_FLAG, numberFlag, THREADS_FLAG } from '../flags';

/** The flags of `gantry train`. */
export const TRAIN_ARGS = {
  config: {
    type: 'string',
    description: 'JSON or YAML file of settings (camelCase keys); flags override it',
    valueHint: 'FILE',
  },
  data: {
    type: 'string',
    description: `data: ${DATA_NAMES.join(', ')} (default mnist-sample; see gantry data list)`,
    valueHint: 'NAME',
  },
  'data-dir': {
    type: 'string',
    description:
      'folder with the standard files of mnist, fashion-mnist or cifar10, or the PNGs of image-folder',
    valueHint: 'DIR',
  },
  model: {
    type: 'string',
    description: 'mlp, dcgan or toy-mlp (default mlp for images, toy-mlp for toy data)',
    valueHint: 'NAME',
  },
  loss: {
    type: 'string',
    description:
      'a loss of `gantry losses` (default non-saturating; wasserstein-gp on ring2d: lambda 0.1, no EMA, 3000 steps)',
    valueHint: 'NAME',
  },
  'loss-options': {
    type: 'string',
    description: 'loss options as key=value pairs, e.g. a=-1,b=1,c=0',
    valueHint: 'K=V,...',
  },
  steps: {
    type: 'string',
    description:
      'generator steps to train (default 3000 mlp, 1000 dcgan, 2000 toy data; ring2d 10000, grid2d 16000)',
    valueHint: 'N',
  },
  epochs: {
    type: 'string',
    description: 'passes over the data instead of --steps',
    valueHint: 'N',
  },
  'batch-size': {
    type: 'string',
    description: 'samples per batch m (default 64; 128 for toy data, 256 gaussian1d)',
    valueHint: 'N',
  },
  k: {
    type: 'string',
    description:
      "discriminator steps per generator step (default: the loss's paper's, see gantry losses)",
    valueHint: 'N',
  },
  optimizer: {
    type: 'string',
    description: 'sgd, adam or rmsprop (default: what the loss recommends)',
    valueHint: 'NAME',
  },
  'lr-d': { type: 'string', description: 'discriminator learning rate', valueHint: 'X' },
  'lr-g': { type: 'string', description: 'generator learning rate', valueHint: 'X' },
  'latent-dim': {
    type: 'string',
    description: 'dimension of z (default 64 mlp, 100 dcgan, 2 toy data)',
    valueHint: 'N',
  },
  prior: {
    type: 'string',
    description: 'noise prior: normal or uniform (default normal; uniform for ring2d and grid2d)',
    valueHint: 'NAME',
  },
  ema: {
    type: 'string',
    description:
      'EMA decay of the generator weights (default 0.995 mlp; 0.999 ring2d, grid2d; 0.99 gaussian1d; else off)',
    valueHint: 'X',
  },
  'image-size': {
    type: 'string',
    description: 'side length images of image-folder are resized to (default 28)',
    valueHint: 'N',
  },
  channels: {
    type: 'string',
    description: '1 or 3 channels for image-folder (default 1)',
    valueHint: 'N',
  },
  'hold-out': {
    type: 'boolean',
    description: "leave out the images gantry eval keeps (Parzen σ, test): the paper's protocol",
  },
  seed: { type: 'string', description: 'seed of everything random (default 0)', valueHint: 'N' },
  backend: BACKEND_FLAG,
  threads: THREADS_FLAG,
  out: {
    type: 'string',
    description: 'run folder to create (default runs/<time>-<data>-<loss>)',
    valueHint: 'DIR',
  },
  resume: {
    type: 'string',
    description: 'continue the run in DIR from its latest checkpoint',
    valueHint: 'DIR',
  },
  'sample-every': {
    type: 'string',
    description: 'write a sample grid every N steps (0 = never; default 200)',
    valueHint: 'N',
  },
  'checkpoint-every': {
    type: 'string',
    description: 'checkpoint every N steps (0 = only at the end; default 500)',
    valueHint: 'N',
  },
  json: {
    type: 'boolean',
    description: 'print events as JSON lines on stdout instead of progress',
  },
} as const;

/** How a flag's value is read: text, an integer, a number, `key=number` pairs, or a switch. */
type FlagKind = 'string' | 'int' | 'number' | 'pairs' | 'switch';

/** The config key each setting flag of `gantry train` sets, and how its value is read. */
export const TRAIN_FLAG_KEYS: Readonly<
  Record<string, readonly [keyof TrainConfigInput, FlagKind]>
> = Object.freeze({
  data: ['data', 'string'],
  'data-dir': ['dataDir', 'string'],
  model: ['model', 'string'],
  loss: ['loss', 'string'],
  'loss-options': ['lossOptions', 'pairs'],
  steps: ['steps', 'int'],
  epochs: ['epochs', 'number'],
  'batch-size': ['batchSize', 'int'],
  k: ['k', 'int'],
  optimizer: ['optimizer', 'string'],
  'lr-d': ['lrD', 'number'],
  'lr-g': ['lrG', 'number'],
  'latent-dim': ['latentDim', 'int'],
  prior: ['prior', 'string'],
  ema: ['ema', 'number'],
  'image-size': ['imageSize', 'int'],
  channels: ['channels', 'int'],
  'hold-out': ['holdOut', 'switch'],
  seed: ['seed', 'int'],
  backend: ['backend', 'string'],
  out: ['out', 'string'],
  'sample-every': ['sampleEvery', 'int'],
  'checkpoint-every': ['checkpointEvery', 'int'],
});

/** Parsed flags as citty gives them. */
export type ParsedTrainArgs = Record<string, string | boolean | string[] | undefined>;

function parseLossOptions(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [key, value] = pair.split('=');
    const n = Number(value);
    if (!key || value === undefined || value.trim() === '' || !Number.isFinite(n)) {
      throw new UsageError(
        'E_USAGE',
        `--loss-options expects key=number pairs separated by commas, got "${pair}"`,
        { option: 'loss-options' },
      );
    }
    out[key.trim()] = n;
  }
  return out;
}

/**
 * Turns the flags into config keys (only those given), validated by the trainer's schema; a bad
 * value is a usage error naming the flag: `--lr-d must be a number > 0, got -1`.
 */
export function flagsToConfig(a: ParsedTrainArgs): TrainConfigInput {
  const config: Record<string, unknown> = {};
  const flagOf: Record<string, string> = {};
  for (const [flag, [key, kind]] of Object.entries(TRAIN_FLAG_KEYS)) {
    const value = a[flag];
    if (kind === 'switch' && value === true) config[key] = true;
    if (typeof value !== 'string') continue;
    flagOf[key] = `--${flag}`;
    config[key] =
      kind === 'string'
        ? value
        : kind === 'pairs'
          ? parseLossOptions(value)
          : numberFlag(flag, value, kind === 'int');
  }
  try {
    return parseTrainConfig(config, 'flags');
  } catch (error) {
    const issues = isGantryError(error, 'E_BAD_CONFIG') ? error.details.issues : undefined;
    if (!Array.isArray(issues)) throw error;
    const lines = (issues as { option: string; problem: string }[]).map((i) => {
      const root = i.option.replace(/[.[].*$/, '');
      const flag = flagOf[root];
      return `${flag ? `${flag}${i.option.slice(root.length)}` : `"${i.option}"`} ${i.problem}`;
    });
    const first = (issues[0] as { option?: string } | undefined)?.option ?? '';
    throw new UsageError(
      'E_USAGE',
      lines.join('\n'),
      {
        option: flagOf[first.replace(/[.[].*$/, '')]?.slice(2) ?? first,
      },
      error,
    );
  }
}
