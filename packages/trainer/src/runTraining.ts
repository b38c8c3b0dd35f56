import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type BackendSelection, selectBackend } from '@gantry/core';
import { atomicWriteFile } from '@gantry/core/node';
import { createBatchStream } from '@gantry/datasets';
import { type GanLoss, getLoss } from '@gantry/losses';
import { buildGan } from '@gantry/models';
import { saveModel } from '@gantry/models/node';
import * as tf from '@tensorflow/tfjs-core';
import { checkpointName, latestCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { resolveTrainConfig, type TrainConfig, type TrainConfigInput } from './config';
import { TrainerError } from './errors';
import { GanTrainer, NonFiniteLossError, type StepMetrics } from './ganTrainer';
import { MetricsLog } from './metricsLog';
import { writeSamples } from './samples';
import { loadTrainingData, type TrainingData } from './trainingData';

/** What a run reports while it trains (the CLI draws these; apps may too). */
export type TrainEvent =
  | {
      type: 'start';
      runDir: string;
      config: TrainConfig;
      backend: string;
      totalSteps: number;
      startStep: number;
      parameters: { generator: number; discriminator: number };
    }
  | { type: 'step'; metrics: StepMetrics; totalSteps: number }
  | { type: 'epoch'; epoch: number; step: number }
  | { type: 'sample'; step: number; path: string }
  | { type: 'checkpoint'; step: number; path: string }
  | { type: 'warning'; message: string }
  | {
      type: 'end';
      reason: 'completed' | 'interrupted';
      step: number;
      seconds: number;
      generatorDir: string;
      lastMetrics?: StepMetrics;
    };

/** Options of {@link runTraining}. */
export interface RunTrainingOptions {
  /** Continue the run in this folder from its latest checkpoint (its config.json wins). */
  resume?: string;
  /** When resuming: a new target step count (to train longer than first planned). */
  steps?: number;
  /** Called for every event, synchronously. */
  onEvent?: (event: TrainEvent) => void;
  /** Stops the run after the current step, with a checkpoint. */
  signal?: AbortSignal;
  /** Also stop (with a checkpoint) on SIGINT/SIGTERM (default false; the CLI turns it on). */
  handleSignals?: boolean;
  /** A backend the caller already selected and activated (else one is selected per config). */
  backend?: BackendSelection;
  /** Replaces the loss built from the config (tests, custom objectives). */
  loss?: GanLoss;
}

/** The outcome of a run. */
export interface RunSummary {
  runDir: string;
  reason: 'completed' | 'interrupted';
  steps: number;
  seconds: number;
  generatorDir: string;
  lastMetrics?: StepMetrics;
  backend: string;
}

const VERSION_PACKAGES = [
  '@gantry/core',
  '@gantry/losses',
  '@gantry/datasets',
  '@gantry/models',
  '@gantry/trainer',
] as const;

async function versions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {
    node: process.version,
    '@tensorflow/tfjs-core': tf.version_core,
  };
  for (const name of VERSION_PACKAGES) {
    try {
      const mod = (await import(/* @vite-ignore */ `${name}/package.json`, {
        with: { type: 'json' },
      })) as {
        default: { version: string };
      };
      out[name] = mod.default.version;
    } catch {
      out[name] = 'unknown';
    }
  }
  return out;
}

/** Kernels a model's training needs beyond the basics (wasm lacks the conv gradients). */
export function requiredKernels(model: TrainConfig['model']): string[] {
  return model === 'dcgan' ? ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] : [];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function totalSteps(config: TrainConfig, data: TrainingData, batchesPerEpoch: number): number {
  if (config.steps !== undefined) return config.steps;
  if (data.kind === 'toy' || !Number.isFinite(batchesPerEpoch)) return 1000;
  // One iteration draws k real batches for D (plus one for relativistic G steps).
  return Math.max(1, Math.ceil(((config.epochs ?? 1) * batchesPerEpoch) / config.k));
}

/**
 * Trains a GAN as configured and writes the run folder: `config.json` (resolved config,
 * backend, versions), `metrics.jsonl` (one line per step), `samples/` (a PNG grid from a fixed
 * noise batch every `sampleEvery` steps), `checkpoints/` (every `checkpointEvery` steps, at the
 * end and on interruption, atomically) and `generator/` (the final generator, TF.js format).
 * A NaN/Inf loss stops the run with a {@link TrainerError} `E_NONFINITE_LOSS` and keeps the
 * last good checkpoint. `resume` continues exactly where the latest checkpoint left off.
 *
 * @example
 * const summary = await runTraining({ data: 'ring2d', steps: 2000, out: 'runs/ring' });
 */
export async function runTraining(
  input: TrainConfigInput,
  options: RunTrainingOptions = {},
): Promise<RunSummary> {
  const emit = options.onEvent ?? (() => {});
  let config: TrainConfig;
  let runDir: string;
  if (options.resume) {
    runDir = resolve(options.resume);
    const saved = await readFile(join(runDir, 'config.json'), 'utf8').catch(() => {
      throw new TrainerError(
        'E_RESUME',
        `--resume ${options.resume}: no config.json there (not a gantry run folder)`,
        {
          key: 'resume',
        },
      );
    });
    const record = JSON.parse(saved) as { config: TrainConfig };
    config = { ...record.config };
    if (options.steps !== undefined) {
      config.steps = options.steps;
      delete config.epochs;
    }
  } else {
    config = resolveTrainConfig(input);
    runDir = resolve(config.out);
    if (await exists(join(runDir, 'config.json'))) {
      throw new TrainerError(
        'E_BAD_CONFIG',
        `output folder ${runDir} already holds a run; continue it with --resume ${config.out} or choose another --out`,
        { key: 'out' },
      );
    }
  }

  const backend =
    options.backend ??
    (await selectBackend({
      prefer: config.backend,
      requiredKernels: requiredKernels(config.model),
    }));
  const backendName = backend.backend;

  const warnings: string[] = [];
  const data = await loadTrainingData(config, (file, reason) =>
    warnings.push(`skipped ${file}: ${reason}`),
  );
  for (const message of warnings) emit({ type: 'warning', message });
  const outputActivation = data.kind === 'toy' ? 'linear' : 'tanh';
  const gan = buildGan({
    model: config.model,
    dataShape: data.sampleShape,
    latentDim: config.latentDim,
    outputActivation,
    generatorHidden: config.generatorHidden,
    discriminatorHidden: config.discriminatorHidden,
    maxoutPieces: config.maxoutPieces,
    dropout: config.dropout,
    baseFilters: config.baseFilters,
    normalization: config.normalization,
    seed: config.seed,
  });
  const stream = createBatchStream(data.source, {
    batchSize: config.batchSize,
    seed: `data:${config.seed}`,
    normalize: data.kind === 'toy' ? 'none' : 'tanh',
  });
  const optimizer = (lr: number) => ({
    kind: config.optimizer,
    lr,
    beta1: config.beta1,
    beta2: config.beta2,
    momentum: config.momentum,
  });
  const trainer = new GanTrainer({
    generator: gan.generator,
    discriminator: gan.discriminator,
    loss: options.loss ?? getLoss(config.loss, config.lossOptions),
    data: stream,
    latentDim: config.latentDim,
    prior: config.prior === 'uniform' ? { kind: 'uniform', low: -1, high: 1 } : { kind: 'normal' },
    k: config.k,
    optimizerD: optimizer(config.lrD),
    optimizerG: optimizer(config.lrG),
    seed: config.seed,
    ema: config.ema,
  });

  await mkdir(runDir, { recursive: true });
  const metrics = new MetricsLog(join(runDir, 'metrics.jsonl'));
  if (options.resume) {
    const ckpt = await latestCheckpoint(runDir);
    if (!ckpt) {
      throw new TrainerError(
        'E_RESUME',
        `--resume ${options.resume}: no checkpoint in ${join(runDir, 'checkpoints')}`,
        {
          key: 'resume',
        },
      );
    }
    const meta = await loadCheckpoint(ckpt, trainer);
    await metrics.truncate(meta.metricsLines);
  } else {
    await metrics.truncate(0);
  }
  const total = totalSteps(config, data, stream.batchesPerEpoch);
  await atomicWriteFile(
    join(runDir, 'config.json'),
    `${JSON.stringify(
      {
        config,
        backend: {
          name: backend.backend,
          package: backend.package,
          device: backend.device,
          skipped: backend.skipped,
        },
        totalSteps: total,
        parameters: gan.parameters,
        versions: await versions(),
        updated: new Date().toISOString(),
      },
      null,
      2,
    )}\n`,
  );
  emit({
    type: 'start',
    runDir,
    config,
    backend: backend.summary,
    totalSteps: total,
    startStep: trainer.steps,
    parameters: gan.parameters,
  });

  let stopReason: 'signal' | undefined;
  const onSignal = () => {
    stopReason = 'signal';
  };
  if (options.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const started = performance.now();
  let last: StepMetrics | undefined;
  let lastGood = trainer.steps;
  const checkpoint = async () => {
    await metrics.flush();
    const path = await saveCheckpoint(runDir, trainer, {
      keep: config.keepCheckpoints,
      meta: { metricsLines: metrics.lines },
    });
    lastGood = trainer.steps;
    emit({ type: 'checkpoint', step: trainer.steps, path });
  };
  const sample = async () => {
    const path = await writeSamples(trainer, join(runDir, 'samples'), {
      count: config.sampleCount,
      data: data.kind === 'toy' ? data.source : undefined,
    });
    emit({ type: 'sample', step: trainer.steps, path });
  };
  try {
    if (!options.resume && config.sampleEvery > 0) await sample();
    let epoch = stream.epoch;
    while (trainer.steps < total) {
      if (options.signal?.aborted || stopReason) break;
      let m: StepMetrics;
      try {
        m = trainer.step();
      } catch (error) {
        if (error instanceof NonFiniteLossError) {
          await metrics.flush();
          const kept =
            lastGood > 0
              ? `the last good checkpoint is ${join(runDir, 'checkpoints', checkpointName(lastGood))}`
              : 'no checkpoint was written before it';
          throw new TrainerError(
            'E_NONFINITE_LOSS',
            `training diverged: ${error.which} is ${error.value} at step ${error.step} (loss ${config.loss}, lr D ${config.lrD}, lr G ${config.lrG}); ${kept}`,
            { ...error.details, runDir, lastGoodStep: lastGood },
            error,
          );
        }
        throw error;
      }
      last = m;
      metrics.append(m);
      emit({ type: 'step', metrics: m, totalSteps: total });
      if (m.epoch !== epoch) {
        epoch = m.epoch;
        emit({ type: 'epoch', epoch, step: m.step });
      }
      if (trainer.steps % config.logEvery === 0) await metrics.flush();
      if (config.sampleEvery > 0 && trainer.steps % config.sampleEvery === 0) await sample();
      if (
        config.checkpointEvery > 0 &&
        trainer.steps % config.checkpointEvery === 0 &&
        trainer.steps < total
      ) {
        await checkpoint();
      }
    }
    const reason = trainer.steps >= total ? 'completed' : 'interrupted';
    if (lastGood !== trainer.steps || reason === 'completed') await checkpoint();
    if (
      reason === 'completed' &&
      config.sampleEvery > 0 &&
      trainer.steps % config.sampleEvery !== 0
    )
      await sample();
    const generatorDir = join(runDir, 'generator');
    const saveGenerator = () => saveModel(trainer.generator, generatorDir);
    await (trainer.ema ? trainer.ema.withAverageAsync(saveGenerator) : saveGenerator());
    const seconds = (performance.now() - started) / 1000;
    emit({ type: 'end', reason, step: trainer.steps, seconds, generatorDir, lastMetrics: last });
    await atomicWriteFile(
      join(runDir, 'summary.json'),
      `${JSON.stringify({ reason, steps: trainer.steps, seconds, backend: backendName, lastMetrics: last }, null, 2)}\n`,
    );
    return {
      runDir,
      reason,
      steps: trainer.steps,
      seconds,
      generatorDir,
      lastMetrics: last,
      backend: backendName,
    };
  } finally {
    if (options.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    await metrics.flush().catch(() => {});
    trainer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
  }
}
