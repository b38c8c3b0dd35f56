import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BackendSelection } from '@gantry/core';
import { latestCheckpoint } from '../checkpoint';
import { TrainerError } from '../errors';
import { readRunMetrics, runPaths } from '../openRun';
import {
  type RunSummary,
  type RunTrainingOptions,
  runTraining,
  type TrainEvent,
} from '../runTraining';
import type { SweepFinal, SweepJobRecord } from './sweepSummary';

/** Options of {@link runSweepJob}. */
export interface RunSweepJobOptions {
  /** A backend already selected and activated. */
  backend?: BackendSelection;
  onEvent?: (event: TrainEvent) => void;
  /** Stops the job after the current step, with a checkpoint (it resumes from there later). */
  signal?: AbortSignal;
  /** Also stop on SIGINT/SIGTERM (a job's own process turns it on). */
  handleSignals?: boolean;
  /** More hooks for the loop (after the run folder's own). */
  hooks?: RunTrainingOptions['hooks'];
}

/** How one job's attempt ended. */
export interface SweepJobOutcome {
  reason: RunSummary['reason'];
  /** True when it continued from a checkpoint of an earlier attempt. */
  resumed: boolean;
  /** The scalars of the run's last logged step. */
  final?: SweepFinal;
  seconds: number;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** The last line of a run's `metrics.jsonl`, as a summary's `final`. */
export async function finalMetrics(runDir: string): Promise<SweepFinal | undefined> {
  const last = (await readRunMetrics(runDir)).at(-1);
  if (!last) return undefined;
  return {
    step: last.step,
    lossD: finite(last.lossD),
    lossG: finite(last.lossG),
    dReal: finite(last.dReal),
    dFake: finite(last.dFake),
  };
}

/**
 * Runs one job of a sweep in this process, in its run folder `DIR/<runDir>`: from its latest
 * checkpoint when an earlier attempt left one (exact resume: the losses equal those of a run
 * that never stopped), else from scratch (a folder an attempt left before its first checkpoint
 * is cleared first). A job whose run already completed completes again at once.
 *
 * @example
 * const outcome = await runSweepJob('sweeps/ring', summary.jobs[0]);
 */
export async function runSweepJob(
  dir: string,
  job: Pick<SweepJobRecord, 'config' | 'runDir'>,
  options: RunSweepJobOptions = {},
): Promise<SweepJobOutcome> {
  if (job.runDir !== basename(job.runDir) || job.runDir === '.' || job.runDir === '..') {
    throw new TrainerError(
      'E_SWEEP',
      `runDir "${job.runDir}" must be a folder name inside ${dir}`,
      { dir },
    );
  }
  const runDir = join(dir, job.runDir);
  const resumed = (await latestCheckpoint(runDir)) !== undefined;
  if (!resumed) await rm(runDir, { recursive: true, force: true });
  const common = {
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    handleSignals: options.handleSignals ?? false,
  };
  const summary = resumed
    ? await runTraining({}, { ...common, resume: runDir })
    : await runTraining({ ...job.config, out: runDir }, common);
  const final = await finalMetrics(runPaths(runDir).dir);
  return {
    reason: summary.reason,
    resumed,
    seconds: summary.seconds,
    ...(final ? { final } : {}),
  };
}
