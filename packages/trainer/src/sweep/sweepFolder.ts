import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isGantryError } from '@gantry/core';
import { atomicWriteFile } from '@gantry/core/node';
import { resolveTrainConfig, type TrainConfig } from '../config';
import { TrainerError } from '../errors';
import type { SweepFile, SweepJobSpec } from './sweepFile';
import {
  parseSweepSummary,
  SWEEP_FILES,
  SWEEP_SUMMARY_FORMAT,
  type SweepJobRecord,
  type SweepSummary,
} from './sweepSummary';

/** What a sweep is: the jobs to run and where they came from (recorded in summary.json). */
export interface SweepPlan {
  name?: string;
  /** The sweep file, as the user named it. */
  file?: string;
  base: SweepFile['base'];
  grid: SweepFile['grid'];
  jobs: readonly SweepJobSpec[];
}

/** The path of `DIR/summary.json`. */
export function sweepSummaryPath(dir: string): string {
  return join(dir, SWEEP_FILES.summary);
}

/** Reads and validates `DIR/summary.json`; `undefined` when there is none. */
export async function readSweepSummary(dir: string): Promise<SweepSummary | undefined> {
  const file = sweepSummaryPath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrainerError(
      'E_SWEEP',
      `${file}: cannot read it (${(error as Error).message})`,
      { file },
      error,
    );
  }
  return parseSweepSummary(text, file);
}

/** Writes `DIR/summary.json` atomically (temp file, fsync, rename). */
export async function writeSweepSummary(dir: string, summary: SweepSummary): Promise<void> {
  await mkdir(dir, { recursive: true });
  await atomicWriteFile(sweepSummaryPath(dir), `${JSON.stringify(summary, null, 2)}\n`);
}

/** The resolved config of one job, its run folder `DIR/<id>`; a bad value names the job. */
function resolveJob(dir: string, job: SweepJobSpec): TrainConfig {
  try {
    return resolveTrainConfig({ ...job.config, out: join(dir, job.id) });
  } catch (error) {
    if (!isGantryError(error)) throw error;
    throw new TrainerError(
      'E_BAD_SWEEP',
      `job "${job.id}": ${error.message}`,
      { ...error.details, job: job.id },
      error,
    );
  }
}

/** A new summary for `plan` in `dir`: every job queued. */
export function newSweepSummary(dir: string, plan: SweepPlan): SweepSummary {
  const abs = resolve(dir);
  return {
    format: SWEEP_SUMMARY_FORMAT,
    sweep: {
      ...(plan.name !== undefined ? { name: plan.name } : {}),
      ...(plan.file !== undefined ? { file: plan.file } : {}),
      base: plan.base as Record<string, unknown>,
      grid: plan.grid as Record<string, unknown>,
      created: new Date().toISOString(),
    },
    jobs: plan.jobs.map((job) => ({
      id: job.id,
      config: resolveJob(abs, job),
      status: 'queued',
      runDir: job.id,
      attempts: 0,
    })),
  };
}

/** A config without its `out` (the folder may have moved since it was recorded). */
function comparable(config: TrainConfig): string {
  const { out: _, ...rest } = config;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}

/** Refuses to continue a sweep folder with other jobs than `fresh` (named in the error). */
function checkSameJobs(dir: string, old: SweepSummary, fresh: SweepSummary): void {
  const before = new Map(old.jobs.map((j) => [j.id, j]));
  const changed =
    fresh.jobs.find(
      (j) =>
        !before.has(j.id) ||
        comparable(before.get(j.id)?.config as TrainConfig) !== comparable(j.config),
    ) ?? old.jobs.find((j) => !fresh.jobs.some((f) => f.id === j.id));
  if (changed) {
    throw new TrainerError(
      'E_BAD_SWEEP',
      `${sweepSummaryPath(dir)} holds another sweep (job "${changed.id}" differs); rerun with the same sweep file, or choose another --out`,
      { option: 'out', job: changed.id },
    );
  }
}

/**
 * Opens the sweep folder `dir` for `plan`: a new folder gets a summary with every job queued; a
 * folder from an earlier run of the same sweep keeps its summary (done jobs stay done; jobs in a
 * status of `requeue`, e.g. `running` left by a stopped runner, `failed`, become `queued`). Another
 * sweep's folder is refused (`E_BAD_SWEEP`, naming the job that differs).
 */
export async function openSweepFolder(
  dir: string,
  plan: SweepPlan,
  options: { requeue?: readonly SweepJobRecord['status'][] } = {},
): Promise<SweepSummary> {
  const fresh = newSweepSummary(dir, plan);
  const old = await readSweepSummary(dir);
  if (!old) {
    await writeSweepSummary(dir, fresh);
    return fresh;
  }
  checkSameJobs(dir, old, fresh);
  const jobs = old.jobs.map((j) => {
    const config = fresh.jobs.find((f) => f.id === j.id)?.config ?? j.config;
    const requeue = options.requeue?.includes(j.status) ?? false;
    return requeue ? { ...j, config, status: 'queued' as const } : { ...j, config };
  });
  const summary = { ...old, jobs };
  await writeSweepSummary(dir, summary);
  return summary;
}

/** What may change in one job's entry. */
export type SweepJobPatch = Partial<Omit<SweepJobRecord, 'id' | 'config' | 'runDir'>>;

/** Applies `patch` to job `id` of `summary` (undefined fields are removed). */
export function patchJob(summary: SweepSummary, id: string, patch: SweepJobPatch): SweepSummary {
  const jobs = summary.jobs.map((j) => {
    if (j.id !== id) return j;
    const next: Record<string, unknown> = { ...j, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    return next as SweepJobRecord;
  });
  return { ...summary, jobs };
}

/**
 * The one writer of a sweep's summary.json inside a process: updates are applied in order, each
 * written atomically, so readers (`gantry sweep status`, a report) always see a whole file.
 */
export class SweepSummaryWriter {
  #summary: SweepSummary;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    summary: SweepSummary,
  ) {
    this.#summary = summary;
  }

  /** The summary as last updated. */
  get summary(): SweepSummary {
    return this.#summary;
  }

  /** Updates job `id` and writes the file; resolves once this update is on disk. */
  update(id: string, patch: SweepJobPatch): Promise<void> {
    this.#summary = patchJob(this.#summary, id, patch);
    const snapshot = this.#summary;
    this.#chain = this.#chain.then(() => writeSweepSummary(this.dir, snapshot));
    return this.#chain;
  }

  /** Resolves once every update so far is written. */
  flush(): Promise<void> {
    return this.#chain;
  }
}
