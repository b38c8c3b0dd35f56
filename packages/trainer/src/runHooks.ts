import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveModel } from '@gantry/models/node';
import { saveCheckpoint } from './checkpoint';
import type { GanTrainer, StepMetrics } from './ganTrainer';
import type { MetricsLog } from './metricsLog';
import { runPaths, writeRunSummary } from './openRun';
import type { PreparedTraining } from './prepareTraining';
import { checkpointName } from './runFiles';
import { writeSamples } from './samples';
import {
  type Awaitable,
  checkpointHook,
  sampleHook,
  type TrainHook,
  type TrainLoopResult,
} from './trainLoop';

/** What a run reports while it trains (the CLI draws these; apps may too). */
export type TrainEvent =
  | {
      type: 'start';
      runDir: string;
      config: PreparedTraining['config'];
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

type Emit = (event: TrainEvent) => void;

/** Appends every step to the metrics log, flushing every `logEvery` steps and on the way out. */
export function metricsLogHook(log: MetricsLog, logEvery: number): TrainHook<GanTrainer> {
  return {
    metrics: (m) => log.append(m),
    afterStep: ({ trainer }) => (trainer.steps % logEvery === 0 ? log.flush() : undefined),
    end: () => log.flush(),
    error: () => log.flush(),
  };
}

/** Turns the loop into {@link TrainEvent}s: start, step, epoch. */
export function eventsHook(run: PreparedTraining, emit: Emit): TrainHook<GanTrainer> {
  let epoch = 0;
  return {
    start: ({ trainer, total, startStep }) => {
      epoch = trainer.data.epoch;
      emit({
        type: 'start',
        runDir: run.runDir,
        config: run.config,
        backend: run.backend.summary,
        totalSteps: total,
        startStep,
        parameters: run.gan.parameters,
      });
    },
    metrics: (metrics, { total }) => {
      emit({ type: 'step', metrics, totalSteps: total });
      if (metrics.epoch !== epoch) {
        epoch = metrics.epoch;
        emit({ type: 'epoch', epoch, step: metrics.step });
      }
    },
  };
}

/**
 * Sample grids into `samples/` every `sampleEvery` steps (see {@link sampleHook}); `onImage` gets
 * each grid's PNG bytes once written (the TensorBoard hook).
 */
export function sampleFilesHook(
  run: PreparedTraining,
  emit: Emit,
  onImage?: (step: number, png: Uint8Array) => Awaitable<void>,
): TrainHook<GanTrainer> {
  const dir = runPaths(run.runDir).samples;
  const options = {
    count: run.config.sampleCount,
    ...(run.data.kind === 'toy' ? { data: run.data.source } : {}),
  };
  return sampleHook<GanTrainer>(run.config.sampleEvery, async ({ trainer }) => {
    const path = await writeSamples(trainer, dir, options);
    emit({ type: 'sample', step: trainer.steps, path });
    if (onImage) await onImage(trainer.steps, await readFile(path));
  });
}

/** Checkpoints into `checkpoints/` (see {@link checkpointHook}), after flushing the log. */
export function checkpointFilesHook(run: PreparedTraining, emit: Emit) {
  return checkpointHook<GanTrainer>(run.config.checkpointEvery, async ({ trainer }) => {
    await run.metricsLog.flush();
    const path = await saveCheckpoint(run.runDir, trainer, {
      keep: run.config.keepCheckpoints,
      meta: { metricsLines: run.metricsLog.lines },
    });
    emit({ type: 'checkpoint', step: trainer.steps, path });
  });
}

/** The newest checkpoint at or before `step`, in words, for an error message. */
export function lastGoodCheckpoint(runDir: string, step: number): string {
  return step > 0
    ? `the last good checkpoint is ${join(runPaths(runDir).checkpoints, checkpointName(step))}`
    : 'no checkpoint was written before it';
}

/** Saves the final generator (with the EMA weights when on) into `generator/`. */
export async function saveFinalGenerator(run: PreparedTraining): Promise<string> {
  const generatorDir = runPaths(run.runDir).generator;
  const { trainer } = run;
  const save = () => saveModel(trainer.generator, generatorDir);
  await (trainer.ema ? trainer.ema.withAverageAsync(save) : save());
  return generatorDir;
}

/** Writes `summary.json`: how the run ended. */
export async function writeSummary(
  run: PreparedTraining,
  result: TrainLoopResult,
  seconds: number,
): Promise<void> {
  await writeRunSummary(run.runDir, {
    reason: result.reason,
    steps: result.steps,
    seconds,
    backend: run.backend.backend,
    lastMetrics: result.lastMetrics,
  });
}
