// LOCAL STAND-IN for the sweep folder's `summary.json` schema, until the sweeps branch lands
// `parseSweepSummary` in @gantry/trainer: then delete this file and import that one instead.
// The shape is the one the sweeps engineer announced: { format: 1, sweep: { name?, file?, base,
// grid, created }, jobs: [{ id, config, status, runDir, worker?, attempts, startedAt?,
// finishedAt?, seconds?, final?, eval?, error? }] }.
import { TrainerError } from '@gantry/trainer';
import { z } from 'zod';

/** A non-finite value is written as JSON `null` (kept as null, as the sweeps branch does). */
const metric = z.number().nullable();

const jobSchema = z.object({
  id: z.string(),
  config: z.record(z.string(), z.unknown()),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** Relative to the sweep folder. */
  runDir: z.string(),
  worker: z.string().optional(),
  attempts: z.number().int().min(0),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  seconds: z.number().optional(),
  final: z
    .object({ step: z.number().int(), lossD: metric, lossG: metric, dReal: metric, dFake: metric })
    .optional(),
  /** The job's eval report object (`@gantry/eval`'s EvalReport). */
  eval: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** The schema of a sweep folder's `summary.json` (format 1). */
export const sweepSummarySchema = z.object({
  format: z.literal(1),
  sweep: z.object({
    name: z.string().optional(),
    file: z.string().optional(),
    base: z.record(z.string(), z.unknown()),
    grid: z.record(z.string(), z.array(z.unknown())),
    created: z.string(),
  }),
  jobs: z.array(jobSchema),
});

/** A sweep folder's `summary.json`, parsed. */
export type SweepSummary = z.output<typeof sweepSummarySchema>;

/**
 * Parses a sweep's `summary.json` (its text or parsed value; the sweeps branch's signature);
 * errors name `file` and the key at fault.
 */
export function parseSweepSummary(input: unknown, file = 'summary.json'): SweepSummary {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new TrainerError('E_RUN_RECORD', `${file}: not JSON`, { file }, error);
    }
  }
  const result = sweepSummarySchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map(
      (i) => `"${i.path.join('.') || '(root)'}": ${i.message}`,
    );
    throw new TrainerError(
      'E_RUN_RECORD',
      `${file}: not a gantry sweep summary: ${issues.join('; ')}`,
      { file, option: 'sweep' },
    );
  }
  return result.data;
}
