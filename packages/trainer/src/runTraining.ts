import { type BackendFaults, type BackendSelection, isGantryError } from '@gantry/core';
import type { GanLoss } from '@gantry/losses';
import type { TrainConfigInput } from './config';
import { TrainerError } from './errors';
import { type GanTrainer, NonFiniteLossError, type StepMetrics } from './ganTrainer';
import { type PreparedTraining, prepareTraining } from './prepareTraining';
import {
  checkpointFilesHook,
  eventsHook,
  lastGoodCheckpoint,
  metricsLogHook,
  sampleFilesHook,
  saveFinalGenerator,
  type TrainEvent,
  writeSummary,
} from './runHooks';
import { tensorboardHook } from './tensorboardHook';
import { type TrainHook, type TrainLoopResult, trainLoop } from './trainLoop';

export type { TrainEvent } from './runHooks';

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
  /** More hooks for the loop (after the run folder's own), e.g. a sweep worker's progress report. */
  hooks?: readonly TrainHook<PreparedTraining['trainer']>[];
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

/** An AbortSignal that fires with `signal` and, when asked, on SIGINT/SIGTERM. */
function stopSignal(options: RunTrainingOptions): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.handleSignals) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  const release = () => {
    options.signal?.removeEventListener('abort', stop);
    if (options.handleSignals) {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  };
  return { signal: controller.signal, release };
}

/** Checks the device after every metrics read (the reads are where a GPU fault shows). */
function deviceFaultsHook(faults: BackendFaults, batchSize: number): TrainHook<GanTrainer> {
  return { metrics: (m) => faults.check({ batchSize, step: m.step }) };
}

/** A device fault as the run's error: the backend's own typed error, with what was kept. */
function deviceFaultError(run: PreparedTraining, error: unknown, lastGood: number): unknown {
  if (!isGantryError(error)) return error;
  // Every GantryError class shares one constructor shape: (code, message, details, cause).
  const Same = error.constructor as new (
    code: string,
    message: string,
    details: Record<string, unknown>,
    cause: unknown,
  ) => Error;
  const kept = lastGoodCheckpoint(run.runDir, lastGood);
  const details = { ...error.details, runDir: run.runDir, lastGoodStep: lastGood };
  return new Same(error.code, `${error.message}; ${kept}`, details, error);
}

/** A diverged loss as the run's error: what, where, with which settings, what was kept. */
function divergedError(run: PreparedTraining, error: NonFiniteLossError, lastGood: number) {
  const c = run.config;
  return new TrainerError(
    'E_NONFINITE_LOSS',
    `training diverged: ${error.which} is ${error.value} at step ${error.step} (loss ${c.loss}, lr D ${c.lrD}, lr G ${c.lrG}); ${lastGoodCheckpoint(run.runDir, lastGood)}`,
    { ...error.details, runDir: run.runDir, lastGoodStep: lastGood },
    error,
  );
}

/** Steps between metric reads when the trainer keeps its scalars on the device. */
const DEVICE_METRICS_EVERY = 10;

/**
 * Trains a GAN as configured and writes the run folder: `config.json` (resolved config,
 * backend, versions), `metrics.jsonl` (one line per step; every 10th on a GPU backend), `samples/` (a PNG grid from a fixed
 * noise batch every `sampleEvery` steps), `checkpoints/` (every `checkpointEvery` steps, at the
 * end and on interruption, atomically) and `generator/` (the final generator, TF.js format).
 * It is {@link prepareTraining}, then {@link trainLoop} with the run folder's hooks, then the
 * final generator and `summary.json`. A NaN/Inf loss stops the run with a {@link TrainerError}
 * `E_NONFINITE_LOSS` and keeps the last good checkpoint. `resume` continues exactly where the
 * latest checkpoint left off.
 *
 * @example
 * const summary = await runTraining({ data: 'ring2d', steps: 2000, out: 'runs/ring' });
 */
export async function runTraining(
  input: TrainConfigInput,
  options: RunTrainingOptions = {},
): Promise<RunSummary> {
  const emit = options.onEvent ?? (() => {});
  const warnings: string[] = [];
  const run = await prepareTraining(input, { ...options, onWarning: (m) => warnings.push(m) });
  for (const message of warnings) emit({ type: 'warning', message });
  const checkpoints = checkpointFilesHook(run, emit);
  const tensorboard = tensorboardHook(run, emit); // before the samples: it closes after the last
  const hooks = [
    metricsLogHook(run.metricsLog, run.config.logEvery),
    eventsHook(run, emit),
    tensorboard,
    sampleFilesHook(run, emit, tensorboard.image),
    checkpoints,
    ...(options.hooks ?? []),
  ];
  const faults = run.backend.faults;
  // A device backend's faults (a lost GPU, out of memory) surface at the next metrics read.
  if (faults) hooks.unshift(deviceFaultsHook(faults, run.config.batchSize));
  const stop = stopSignal(options);
  const started = performance.now();
  try {
    let result: TrainLoopResult;
    try {
      result = await trainLoop(run.trainer, {
        total: run.total,
        signal: stop.signal,
        hooks,
        // On a GPU backend the scalars are read every few steps, not every step (one sync each).
        metricsEvery: run.trainer.defersReadback ? DEVICE_METRICS_EVERY : 1,
      });
    } catch (thrown) {
      const context = { batchSize: run.config.batchSize, step: run.trainer.steps };
      const error = faults ? await faults.explain(thrown, context) : thrown;
      if (error instanceof NonFiniteLossError)
        throw divergedError(run, error, checkpoints.lastSaved);
      if (faults && error !== thrown) throw deviceFaultError(run, error, checkpoints.lastSaved);
      throw error;
    }
    const generatorDir = await saveFinalGenerator(run);
    const seconds = (performance.now() - started) / 1000;
    const { reason, steps, lastMetrics } = result;
    emit({ type: 'end', reason, step: steps, seconds, generatorDir, lastMetrics });
    await writeSummary(run, result, seconds);
    return {
      runDir: run.runDir,
      reason,
      steps,
      seconds,
      generatorDir,
      lastMetrics,
      backend: run.backend.backend,
    };
  } finally {
    stop.release();
    await run.metricsLog.flush().catch(() => {});
    run.dispose();
  }
}
