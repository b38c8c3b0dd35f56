import { z } from 'zod';
import { type TrainConfig, trainConfigSchema } from './config';
import { TrainerError } from './errors';
import type { StepMetrics } from './ganTrainer';
import { RUN_FILES } from './runFiles';

/** The format of the run record this version writes and reads (older records are format 1). */
export const RUN_RECORD_FORMAT = 1;

/** A resolved configuration as a run records it: the user schema with every default filled. */
export const runConfigSchema: z.ZodType<TrainConfig> = trainConfigSchema.required({
  data: true,
  model: true,
  loss: true,
  lossOptions: true,
  batchSize: true,
  k: true,
  latentDim: true,
  prior: true,
  optimizer: true,
  lrD: true,
  lrG: true,
  beta1: true,
  beta2: true,
  momentum: true,
  ema: true,
  seed: true,
  backend: true,
  out: true,
  sampleEvery: true,
  sampleCount: true,
  checkpointEvery: true,
  keepCheckpoints: true,
  logEvery: true,
}) as z.ZodType<TrainConfig>;

const count = z.number().int().min(0);

/**
 * The schema of a run's `config.json`: the resolved config, the backend that ran it (and why
 * others were skipped), the planned steps, parameter counts and package versions.
 */
export const runRecordSchema = z.object({
  /** Absent in the records written before the field: those are format 1. */
  format: z.number().int().positive().default(1),
  config: runConfigSchema,
  backend: z.object({
    name: z.string(),
    package: z.string().optional(),
    device: z.string().optional(),
    /** Threads it computed with, when the backend says (native). */
    threads: z.number().int().positive().optional(),
    /** The WebGPU adapter (webgpu): vendor, architecture, device, description, software. */
    adapter: z
      .object({
        vendor: z.string(),
        architecture: z.string(),
        device: z.string(),
        description: z.string(),
        software: z.boolean(),
      })
      .optional(),
    skipped: z.array(z.object({ candidate: z.string(), reason: z.string() })).optional(),
  }),
  totalSteps: count,
  parameters: z.object({ generator: count, discriminator: count }),
  versions: z.record(z.string(), z.string()),
  updated: z.string(),
});

/** A run's `config.json`, parsed. */
export type RunRecord = z.output<typeof runRecordSchema>;

/** Reads JSON text (or takes a parsed value), naming `file` when it is not JSON. */
function asJson(input: unknown, file: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new TrainerError(
      'E_RUN_RECORD',
      `${file}: not JSON (${(error as Error).message})`,
      { file },
      error,
    );
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `"${i.path.join('.') || '(root)'}": ${i.message}`).join('; ');
}

/**
 * Validates a run record (the text or the parsed value of a run's `config.json`) against
 * {@link runRecordSchema}; errors name `file` and the key at fault, and a record of a newer
 * format than {@link RUN_RECORD_FORMAT} is refused with that said.
 *
 * @example
 * const { config, totalSteps } = parseRunRecord(await file.text(), 'runs/a/config.json');
 */
export function parseRunRecord(input: unknown, file: string = RUN_FILES.record): RunRecord {
  const value = asJson(input, file);
  const result = runRecordSchema.safeParse(value);
  if (!result.success) {
    throw new TrainerError(
      'E_RUN_RECORD',
      `${file}: not a gantry run record: ${describeIssues(result.error)}`,
      { file },
    );
  }
  if (result.data.format > RUN_RECORD_FORMAT) {
    throw new TrainerError(
      'E_RUN_RECORD',
      `${file}: run record format ${result.data.format} is newer than this gantry reads (${RUN_RECORD_FORMAT}); update @gantry/trainer`,
      { file, format: result.data.format },
    );
  }
  return result.data;
}

/** The facts a viewer needs from a run record: each kept only when present and valid. */
export type RunHints = Partial<Pick<TrainConfig, 'data' | 'prior' | 'latentDim'>>;

/**
 * Reads the data set, noise prior and latent dimension from a run record, leniently (a viewer
 * can draw a generator without the rest): a value that does not fit is left out. Only text
 * that is not JSON, or has no `config` object, is an error naming `file`.
 *
 * @example
 * readRunHints('{"config":{"data":"ring2d","prior":"uniform","latentDim":2}}'); // all three
 */
export function readRunHints(input: unknown, file: string = RUN_FILES.record): RunHints {
  const config = (asJson(input, file) as { config?: unknown } | null)?.config;
  if (!config || typeof config !== 'object') {
    throw new TrainerError(
      'E_RUN_RECORD',
      `${file}: no "config" object; is it the ${RUN_FILES.record} of a gantry run?`,
      { file },
    );
  }
  const fields = trainConfigSchema.pick({ data: true, prior: true, latentDim: true }).shape;
  const hints: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(fields)) {
    const parsed = schema.safeParse((config as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) hints[key] = parsed.data;
  }
  return hints as RunHints;
}

/** A non-finite value is written as JSON `null` and read back as NaN. */
const metric = z
  .number()
  .nullable()
  .transform((v) => v ?? Number.NaN);

/** The schema of one line of `metrics.jsonl` (the fields of {@link StepMetrics}). */
export const metricsLineSchema = z.object({
  step: z.number().int().positive(),
  epoch: count,
  lossD: metric,
  lossG: metric,
  dReal: metric,
  dFake: metric,
  penalty: metric,
  stepMs: z.number(),
});

/** One line of `metrics.jsonl`, parsed. */
export type MetricsLine = z.output<typeof metricsLineSchema>;

/** One step's metrics as a line of `metrics.jsonl` (values to 7 significant digits). */
export function formatMetricsLine(m: StepMetrics): string {
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)) : v);
  return JSON.stringify({
    step: m.step,
    epoch: m.epoch,
    lossD: round(m.lossD),
    lossG: round(m.lossG),
    dReal: round(m.dReal),
    dFake: round(m.dFake),
    penalty: round(m.penalty),
    stepMs: Number(m.stepMs.toFixed(2)),
  });
}

/**
 * Parses one line of `metrics.jsonl`; a bad line is an error naming the file and line number.
 *
 * @example
 * text.split('\n').filter(Boolean).map((l, i) => parseMetricsLine(l, { line: i + 1 }));
 */
export function parseMetricsLine(
  text: string,
  where: { file?: string; line?: number } = {},
): MetricsLine {
  const file = where.file ?? RUN_FILES.metrics;
  const at = where.line === undefined ? file : `${file}:${where.line}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TrainerError('E_RUN_RECORD', `${at}: not JSON`, { file, line: where.line }, error);
  }
  const result = metricsLineSchema.safeParse(value);
  if (!result.success) {
    throw new TrainerError('E_RUN_RECORD', `${at}: ${describeIssues(result.error)}`, {
      file,
      line: where.line,
    });
  }
  return result.data;
}
