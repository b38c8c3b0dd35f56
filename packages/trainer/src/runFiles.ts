/**
 * The names inside a run folder, written down once: every reader and writer (trainer, eval,
 * CLI, apps) takes them from here. Browser-safe (names only; `@gantry/trainer/node`'s
 * `runPaths` joins them to a folder).
 *
 * ```
 * <run>/config.json                 the run record (see runRecordSchema)
 * <run>/metrics.jsonl               one line per step (see parseMetricsLine)
 * <run>/samples/step-NNNNNN.png     sample grids
 * <run>/checkpoints/step-NNNNNN/    generator/, discriminator/, state.json, state.bin
 * <run>/checkpoints/latest          name of the newest checkpoint
 * <run>/generator/                  the final generator (TF.js layers format)
 * <run>/summary.json                how the run ended
 * <run>/eval.json                   the report of `gantry eval`
 * <run>/events.out.tfevents.*       TensorBoard event files (one per session, `.eval` for eval)
 * <run>/report.html                 the page of `gantry report --run`
 * ```
 */
export const RUN_FILES = Object.freeze({
  record: 'config.json',
  metrics: 'metrics.jsonl',
  samples: 'samples',
  checkpoints: 'checkpoints',
  latest: 'latest',
  generator: 'generator',
  discriminator: 'discriminator',
  summary: 'summary.json',
  evalReport: 'eval.json',
  /** The start of every TensorBoard event file name (`@gantry/tensorboard`'s EVENT_FILE_PREFIX). */
  events: 'events.out.tfevents.',
  report: 'report.html',
  checkpointState: 'state.json',
  checkpointBlob: 'state.bin',
} as const);

/** `step-000123`: checkpoint folder (and sample file) names sort by step. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/** `step-000123.png`: the sample grid written after `step` steps. */
export function sampleFileName(step: number): string {
  return `${checkpointName(step)}.png`;
}
