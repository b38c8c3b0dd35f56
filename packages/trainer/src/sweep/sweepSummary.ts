import { z } from 'zod';
import { TrainerError } from '../errors';
import { runConfigSchema } from '../runRecord';

/**
 * The names inside a sweep folder, written down once (browser-safe):
 *
 * ```
 * DIR/summary.json     the sweep summary (see sweepSummarySchema)
 * DIR/<job id>/        each job's run folder: an ordinary `gantry train` run (RUN_FILES)
 * ```
 */
export const SWEEP_FILES = Object.freeze({ summary: 'summary.json' } as const);

/** The format of `DIR/summary.json` this version writes and reads. */
export const SWEEP_SUMMARY_FORMAT = 1;

/** Where a job stands: waiting, training, finished, or failed after its attempts. */
export const SWEEP_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/** The status of one job of a sweep. */
export type SweepJobStatus = (typeof SWEEP_JOB_STATUSES)[number];

const time = z.string().min(1);

/** The scalars of a job's last step (the last line of its `metrics.jsonl`). */
export const sweepFinalSchema = z.object({
  step: z.number().int().min(0),
  lossD: z.number().nullable(),
  lossG: z.number().nullable(),
  dReal: z.number().nullable(),
  dFake: z.number().nullable(),
});

/** One job in `DIR/summary.json`. */
export const sweepJobSchema = z.object({
  id: z.string().min(1),
  /** The resolved train config of the job (as its run's config.json records it). */
  config: runConfigSchema,
  status: z.enum(SWEEP_JOB_STATUSES),
  /** The job's run folder, relative to the sweep folder. */
  runDir: z.string().min(1),
  /** The worker that ran (or runs) it: `host:pid` locally, the worker's name on a queue. */
  worker: z.string().optional(),
  /** Times a process started on it (a resumed job counts each start). */
  attempts: z.number().int().min(0),
  startedAt: time.optional(),
  finishedAt: time.optional(),
  /** Seconds of the last attempt, from its start to its end. */
  seconds: z.number().min(0).optional(),
  final: sweepFinalSchema.optional(),
  /** The report of `@gantry/eval` (`evaluateRun`), when the sweep asked for it. */
  eval: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** The schema of `DIR/summary.json`: the sweep as asked, and every job's status and results. */
export const sweepSummarySchema = z.object({
  format: z.number().int().positive(),
  sweep: z.object({
    name: z.string().optional(),
    /** The sweep file it came from, as given. */
    file: z.string().optional(),
    base: z.record(z.string(), z.unknown()),
    grid: z.record(z.string(), z.unknown()),
    /** When the sweep folder was made (ISO 8601); also what tells two sweeps of one DIR apart. */
    created: time,
  }),
  jobs: z.array(sweepJobSchema),
});

/** `DIR/summary.json`, parsed. */
export type SweepSummary = z.output<typeof sweepSummarySchema>;

/** One job of {@link SweepSummary}. */
export type SweepJobRecord = SweepSummary['jobs'][number];

/** The final scalars of a job. */
export type SweepFinal = z.output<typeof sweepFinalSchema>;

/**
 * Validates a sweep summary (the text or the parsed value of `DIR/summary.json`); errors name
 * `file` and the key at fault, and a newer format than {@link SWEEP_SUMMARY_FORMAT} is refused.
 *
 * @example
 * const { jobs } = parseSweepSummary(await (await fetch('sweep/summary.json')).text());
 */
export function parseSweepSummary(
  input: unknown,
  file: string = SWEEP_FILES.summary,
): SweepSummary {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new TrainerError(
        'E_SWEEP',
        `${file}: not JSON (${(error as Error).message})`,
        { file },
        error,
      );
    }
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > SWEEP_SUMMARY_FORMAT) {
    throw new TrainerError(
      'E_SWEEP',
      `${file}: sweep summary format ${format} is newer than this gantry reads (${SWEEP_SUMMARY_FORMAT}); update @gantry/trainer`,
      { file, format },
    );
  }
  const result = sweepSummarySchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map((i) => `"${i.path.join('.') || '(root)'}": ${i.message}`)
      .join('; ');
    throw new TrainerError('E_SWEEP', `${file}: not a gantry sweep summary: ${issues}`, { file });
  }
  return result.data;
}

/** How many jobs of a summary are in each status. */
export function countSweepJobs(summary: SweepSummary): Record<SweepJobStatus, number> {
  const counts = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const job of summary.jobs) counts[job.status] += 1;
  return counts;
}
