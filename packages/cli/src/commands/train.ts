import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { trainingKernels } from '@gantry/models';
import {
  DATA_NAMES,
  parseTrainConfig,
  RUN_FILES,
  resolveTrainConfig,
  type TrainConfigInput,
} from '@gantry/trainer';
import {
  eventFilesGlob,
  openRun,
  type RunSummary,
  runPaths,
  runTraining,
} from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { parse as parseYaml } from 'yaml';
import { chooseBackend } from '../backend';
import { EXIT, UsageError } from '../errors';
import { BACKEND_FLAG, checkFlags, numberFlag } from '../flags';
import type { CliContext } from '../io';
import { createReporter } from '../progress';

/** The flags of `gantry train` and the config key each one sets. */
const args = {
  config: {
    type: 'string',
    description: 'JSON or YAML file of settings (camelCase keys); flags override it',
    valueHint: 'FILE',
  },
  data: {
    type: 'string',
    description: `data: ${DATA_NAMES.join(', ')} (default mnist-sample; see gantry data list)`,
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
  },
  loss: { type: 'string', description: 'a loss of `gantry losses` (default non-saturating)' },
  'loss-options': {
    type: 'string',
    description: 'loss options as key=value pairs, e.g. a=-1,b=1,c=0',
    valueHint: 'K=V,...',
  },
  steps: {
    type: 'string',
    description: 'generator steps to train (default 3000 mlp, 1000 dcgan, 2000 toy data)',
  },
  epochs: { type: 'string', description: 'passes over the data instead of --steps' },
  'batch-size': {
    type: 'string',
    description: 'samples per batch m (default 64; 128 for toy data)',
  },
  k: {
    type: 'string',
    description:
      "discriminator steps per generator step (default: the loss's paper's, see gantry losses)",
  },
  optimizer: {
    type: 'string',
    description: 'sgd, adam or rmsprop (default: what the loss recommends)',
  },
  'lr-d': { type: 'string', description: 'discriminator learning rate' },
  'lr-g': { type: 'string', description: 'generator learning rate' },
  'latent-dim': {
    type: 'string',
    description: 'dimension of z (default 64 mlp, 100 dcgan, 2 toy data)',
  },
  prior: { type: 'string', description: 'noise prior: normal or uniform (default normal)' },
  ema: {
    type: 'string',
    description: 'EMA decay of the generator weights, e.g. 0.999 (default off)',
  },
  'image-size': {
    type: 'string',
    description: 'side length images of image-folder are resized to (default 28)',
  },
  channels: { type: 'string', description: '1 or 3 channels for image-folder (default 1)' },
  seed: { type: 'string', description: 'seed of everything random (default 0)' },
  backend: BACKEND_FLAG,
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
  },
  'checkpoint-every': {
    type: 'string',
    description: 'checkpoint every N steps (0 = only at the end; default 500)',
  },
  json: {
    type: 'boolean',
    description: 'print events as JSON lines on stdout instead of progress',
  },
} as const;

type ParsedTrainArgs = Record<string, string | boolean | string[] | undefined>;

/** Reads a JSON or YAML file of settings: a mapping at the top level (`--config` of train and sweep). */
export async function readSettingsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      'E_USAGE',
      `--config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let value: unknown;
  try {
    value = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      'E_USAGE',
      `--config ${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(
      'E_USAGE',
      `--config ${path}: expected a mapping of settings at the top level`,
    );
  }
  return value as Record<string, unknown>;
}

async function readConfigFile(path: string): Promise<TrainConfigInput> {
  return parseTrainConfig(await readSettingsFile(path), `--config ${path}`);
}

function parseLossOptions(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [key, value] = pair.split('=');
    const n = Number(value);
    if (!key || value === undefined || value.trim() === '' || !Number.isFinite(n)) {
      throw new UsageError(
        'E_USAGE',
        `--loss-options expects key=number pairs separated by commas, got "${pair}"`,
      );
    }
    out[key.trim()] = n;
  }
  return out;
}

/** Turns the flags into config keys (only those given). */
export function flagsToConfig(a: ParsedTrainArgs): TrainConfigInput {
  const str = (name: string) => (typeof a[name] === 'string' ? (a[name] as string) : undefined);
  const num = (name: string) => numberFlag(name, str(name));
  const int = (name: string) => numberFlag(name, str(name), true);
  const entries: [string, unknown][] = [
    ['data', str('data')],
    ['dataDir', str('data-dir')],
    ['model', str('model')],
    ['loss', str('loss')],
    [
      'lossOptions',
      str('loss-options') === undefined
        ? undefined
        : parseLossOptions(str('loss-options') as string),
    ],
    ['steps', int('steps')],
    ['epochs', num('epochs')],
    ['batchSize', int('batch-size')],
    ['k', int('k')],
    ['optimizer', str('optimizer')],
    ['lrD', num('lr-d')],
    ['lrG', num('lr-g')],
    ['latentDim', int('latent-dim')],
    ['prior', str('prior')],
    ['ema', num('ema')],
    ['imageSize', int('image-size')],
    ['channels', int('channels')],
    ['seed', int('seed')],
    ['backend', str('backend')],
    ['out', str('out')],
    ['sampleEvery', int('sample-every')],
    ['checkpointEvery', int('checkpoint-every')],
  ];
  return parseTrainConfig(Object.fromEntries(entries.filter(([, v]) => v !== undefined)), 'flags');
}

function defaultOut(config: TrainConfigInput): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const data = (config.data ?? 'mnist-sample').replace(/[^a-zA-Z0-9-]+/g, '_');
  return `runs/${stamp}-${data}-${config.loss ?? 'non-saturating'}`;
}

type Reporter = ReturnType<typeof createReporter>;

/** `gantry train --resume DIR [--steps N]`: the run's own record decides everything else. */
async function resume(a: ParsedTrainArgs, reporter: Reporter): Promise<RunSummary> {
  const extra = Object.keys(flagsToConfig(a)).filter((k) => k !== 'steps');
  if (extra.length > 0 || a['config']) {
    throw new UsageError(
      'E_USAGE',
      `--resume continues a run with its own ${RUN_FILES.record}; only --steps may change (got ${extra.map((k) => `"${k}"`).join(', ') || '--config'})`,
    );
  }
  const dir = a['resume'] as string;
  const steps = numberFlag('steps', a['steps'] as string | undefined, true);
  const { config } = await openRun(dir);
  const backend = await chooseBackend(config.backend, trainingKernels(config.model));
  return runTraining(
    {},
    { resume: dir, steps, backend, onEvent: reporter.onEvent, handleSignals: true },
  );
}

/** `gantry train [--config FILE] [flags]`: a new run. */
async function train(a: ParsedTrainArgs, reporter: Reporter): Promise<RunSummary> {
  const fromFile = typeof a['config'] === 'string' ? await readConfigFile(a['config']) : {};
  const flags = flagsToConfig(a);
  // Flags win over the file, and the run length is one setting: --steps replaces the
  // file's epochs and --epochs its steps.
  const file: TrainConfigInput = { ...fromFile };
  if (flags.steps !== undefined) delete file.epochs;
  if (flags.epochs !== undefined) delete file.steps;
  const merged: TrainConfigInput = { ...file, ...flags };
  merged.out ??= defaultOut(merged);
  const config = resolveTrainConfig(merged); // validate before any slow work
  const backend = await chooseBackend(config.backend, trainingKernels(config.model));
  return runTraining(merged, { backend, onEvent: reporter.onEvent, handleSignals: true });
}

/** `gantry train`. */
export function trainCommand({ io, exit }: CliContext) {
  return defineCommand({
    meta: {
      name: 'train',
      description: 'Train a GAN (Algorithm 1) and write samples, metrics and checkpoints',
    },
    args,
    async run({ args: parsed, rawArgs }) {
      checkFlags('gantry train', rawArgs, args);
      const a = parsed as ParsedTrainArgs;
      const json = a['json'] === true;
      const reporter = createReporter(io, { json });
      let result: RunSummary;
      try {
        result =
          typeof a['resume'] === 'string' ? await resume(a, reporter) : await train(a, reporter);
      } finally {
        reporter.close();
      }
      if (json) return;
      if (result.reason === 'interrupted') {
        io.stderr(
          `interrupted at step ${result.steps}; checkpoint saved. Continue with: gantry train --resume ${result.runDir}\n`,
        );
        exit.code = EXIT.interrupted;
        return;
      }
      const paths = runPaths(result.runDir);
      io.stdout(
        `trained ${result.steps} steps in ${result.seconds.toFixed(1)} s on ${result.backend}\n` +
          `samples:    ${paths.samples}\n` +
          `generator:  ${result.generatorDir}\n` +
          `metrics:    ${paths.metrics}\n` +
          `events:     ${eventFilesGlob(result.runDir)} (view: tensorboard --logdir ${result.runDir})\n` +
          `new samples: gantry sample --run ${result.runDir} --out grid.png\n` +
          `report:     gantry report --run ${result.runDir}\n`,
      );
    },
  });
}
