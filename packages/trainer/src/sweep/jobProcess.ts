import { join } from 'node:path';
import type { BackendSelection } from '@gantry/core';
import { isGantryError } from '@gantry/core';
import type { TrainConfig } from '../config';
import { TrainerError } from '../errors';
import { formatJobMessage, type JobMessageBody } from './jobMessages';
import { runSweepJob } from './runSweepJob';
import { readSweepSummary, sweepSummaryPath } from './sweepFolder';
import type { SweepJobRecord } from './sweepSummary';

/** Options of {@link runSweepJobProcess}. */
export interface SweepJobProcessOptions {
  /** The sweep folder (its summary.json holds the job's config). */
  dir: string;
  /** The job's id. */
  id: string;
  /** Selects and activates the backend for the job's config (the CLI's own resolution). */
  selectBackend: (config: TrainConfig) => Promise<BackendSelection>;
  /** Scores the finished run (`--eval`): the report goes into summary.json. */
  evaluate?: (runDir: string, config: TrainConfig) => Promise<Record<string, unknown>>;
  /** Where the messages go (default: stdout). */
  write?: (line: string) => void;
  /** Stops the job with a checkpoint (the runner's in-process mode). */
  signal?: AbortSignal;
  /** Stop with a checkpoint on SIGINT/SIGTERM (default true: the job owns its process). */
  handleSignals?: boolean;
  /**
   * Exit at once when the parent that started this process (with an IPC channel, as
   * `spawnSweepJob` does) dies: a SIGKILLed worker's job must not train on beside its retry.
   */
  exitWithParent?: boolean;
}

/** The job `id` of the sweep in `dir`, from its summary.json. */
export async function findSweepJob(dir: string, id: string): Promise<SweepJobRecord> {
  const summary = await readSweepSummary(dir);
  if (!summary) {
    throw new TrainerError('E_SWEEP', `${sweepSummaryPath(dir)}: no sweep summary here`, {
      option: 'out',
    });
  }
  const job = summary.jobs.find((j) => j.id === id);
  if (!job) {
    throw new TrainerError(
      'E_BAD_SWEEP',
      `no job "${id}" in ${sweepSummaryPath(dir)}; its jobs: ${summary.jobs.map((j) => j.id).join(', ')}`,
      { option: 'job' },
    );
  }
  return job;
}

/** The error as a summary's `{ code, message }`. */
export function jobError(error: unknown): { code: string; message: string } {
  if (isGantryError(error)) return { code: error.code, message: error.message };
  return { code: 'E_SWEEP_JOB', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The body of a job's own process (what `gantry sweep run-job` runs for the local runner and
 * for `gantry worker`): trains job `id` of the sweep in `dir` (resuming its checkpoint, see
 * {@link runSweepJob}), stopping with a checkpoint on SIGINT/SIGTERM, reports on stdout as
 * {@link formatJobMessage} lines (start, a step every `logEvery`, done / interrupted / failed),
 * and returns the exit code: 0 done, 1 failed, 130 interrupted.
 */
export async function runSweepJobProcess(options: SweepJobProcessOptions): Promise<number> {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const say = (message: JobMessageBody) => write(formatJobMessage(message));
  if (options.exitWithParent && process.channel) {
    process.channel.unref();
    process.once('disconnect', () => process.exit(1));
  }
  try {
    const job = await findSweepJob(options.dir, options.id);
    const backend = await options.selectBackend(job.config);
    const every = job.config.logEvery;
    const outcome = await runSweepJob(options.dir, job, {
      backend,
      handleSignals: options.handleSignals ?? true,
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => {
        if (event.type === 'start') {
          const { startStep: step, totalSteps: total } = event;
          say({ type: 'start', step, total, resumed: step > 0, backend: backend.backend });
        } else if (event.type === 'step') {
          const m = event.metrics;
          if (m.step % every === 0 || m.step === event.totalSteps) {
            const num = (v: number) => (Number.isFinite(v) ? v : null);
            const total = event.totalSteps;
            say({ type: 'step', step: m.step, total, lossD: num(m.lossD), lossG: num(m.lossG) });
          }
        }
      },
    });
    if (outcome.reason === 'interrupted') {
      say({ type: 'interrupted', step: outcome.final?.step ?? 0 });
      return 130;
    }
    const runDir = join(options.dir, job.runDir);
    const report = options.evaluate ? await options.evaluate(runDir, job.config) : undefined;
    say({
      type: 'done',
      seconds: outcome.seconds,
      ...(outcome.final ? { final: outcome.final } : {}),
      ...(report ? { eval: report } : {}),
    });
    return 0;
  } catch (error) {
    say({ type: 'failed', error: jobError(error) });
    return 1;
  }
}
