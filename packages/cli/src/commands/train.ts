import { trainingKernels } from '@gantry/models';
import {
  RUN_FILES,
  resolveTrainConfig,
  type TrainConfig,
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
import { chooseBackend } from '../backend';
import { EXIT, UsageError } from '../errors';
import { boundedFlag, checkFlags, numberFlag, THREADS_RANGE } from '../flags';
import type { CliContext } from '../io';
import { createReporter } from '../progress';
import { readConfigFile } from './configFile';
import { flagsToConfig, type ParsedTrainArgs, TRAIN_ARGS } from './trainFlags';

function defaultOut(config: TrainConfigInput): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const data = (config.data ?? 'mnist-sample').replace(/[^a-zA-Z0-9-]+/g, '_');
  return `runs/${stamp}-${data}-${config.loss ?? 'non-saturating'}`;
}

type Reporter = ReturnType<typeof createReporter>;

/**
 * What `gantry train` will train, from its parsed flags, checked in full before anything slow
 * (no data loaded, no backend chosen, nothing allocated): the config file merged under the
 * flags, every value within its bounds, the networks within the memory budget. Resuming takes
 * only `--steps`.
 */
export async function planTraining(
  a: ParsedTrainArgs,
): Promise<
  | { input: TrainConfigInput; config: TrainConfig; threads?: number }
  | { resume: string; steps?: number; threads?: number }
> {
  // Not a setting of the run (config.json records the threads the backend used): it may change on resume.
  const threadCount = boundedFlag('threads', a['threads'] as string | undefined, THREADS_RANGE);
  const threads = threadCount === undefined ? {} : { threads: threadCount };
  if (typeof a['resume'] === 'string') {
    const extra = Object.keys(flagsToConfig(a)).filter((k) => k !== 'steps');
    if (extra.length > 0 || a['config']) {
      throw new UsageError(
        'E_USAGE',
        `--resume continues a run with its own ${RUN_FILES.record}; only --steps may change (got ${extra.map((k) => `"${k}"`).join(', ') || '--config'})`,
        { option: 'resume' },
      );
    }
    const steps = numberFlag('steps', a['steps'] as string | undefined, true);
    return { resume: a['resume'], ...(steps === undefined ? {} : { steps }), ...threads };
  }
  const fromFile = typeof a['config'] === 'string' ? await readConfigFile(a['config']) : {};
  const flags = flagsToConfig(a);
  // Flags win over the file, and the run length is one setting: --steps replaces the
  // file's epochs and --epochs its steps.
  const file: TrainConfigInput = { ...fromFile };
  if (flags.steps !== undefined) delete file.epochs;
  if (flags.epochs !== undefined) delete file.steps;
  const input: TrainConfigInput = { ...file, ...flags };
  input.out ??= defaultOut(input);
  return { input, config: resolveTrainConfig(input), ...threads };
}

/** Runs what {@link planTraining} planned. */
async function train(a: ParsedTrainArgs, reporter: Reporter): Promise<RunSummary> {
  const plan = await planTraining(a);
  const common = { onEvent: reporter.onEvent, handleSignals: true };
  if ('resume' in plan) {
    const { config } = await openRun(plan.resume);
    const backend = await chooseBackend(
      config.backend,
      trainingKernels(config.model),
      plan.threads,
    );
    return runTraining({}, { resume: plan.resume, steps: plan.steps, backend, ...common });
  }
  const backend = await chooseBackend(
    plan.config.backend,
    trainingKernels(plan.config.model),
    plan.threads,
  );
  return runTraining(plan.input, { backend, ...common });
}

/** `gantry train`. */
export function trainCommand({ io, exit }: CliContext) {
  return defineCommand({
    meta: {
      name: 'train',
      description: 'Train a GAN (Algorithm 1) and write samples, metrics and checkpoints',
    },
    args: TRAIN_ARGS,
    async run({ args: parsed, rawArgs }) {
      checkFlags('gantry train', rawArgs, TRAIN_ARGS);
      const a = parsed as ParsedTrainArgs;
      const json = a['json'] === true;
      const reporter = createReporter(io, { json });
      let result: RunSummary;
      try {
        result = await train(a, reporter);
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
