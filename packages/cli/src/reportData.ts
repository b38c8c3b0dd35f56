import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type EvalReport, readsDAsProbability } from '@gantry/eval/node';
import { getLoss } from '@gantry/losses';
import type { RunReportInput, SampleImage, SweepJobFacts, SweepReportInput } from '@gantry/report';
import { parseSweepSummary, RUN_FILES, type SweepSummary, TrainerError } from '@gantry/trainer';
import { openRun, type RunFolder } from '@gantry/trainer/node';
import { reportRows } from './commands/eval';
import { evalScalars } from './evalScalars';

/** The step of a sample grid from its file name (`step-000200.png` → 200). */
const stepOf = (path: string) => Number(/step-(\d+)\.png$/.exec(path)?.[1] ?? 0);

async function readSamples(paths: readonly string[]): Promise<SampleImage[]> {
  return Promise.all(paths.map(async (p) => ({ step: stepOf(p), png: await readFile(p) })));
}

/** A JSON file of the run folder, or undefined when it is missing; `warn` when it is not JSON. */
async function readOptionalJson(file: string, warn: (m: string) => void): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    warn(`${file} is not JSON; the page leaves it out`);
    return undefined;
  }
}

/** How to read D for the loss the run trained with (see `DiscriminatorReading`). */
function discriminatorReading(run: RunFolder): RunReportInput['discriminator'] {
  const loss = getLoss(run.config.loss, run.config.lossOptions);
  const labelSmoothing = loss.options['labelSmoothing'] ?? 0;
  return {
    probability: loss.output === 'logit',
    valueFunction: readsDAsProbability(loss) && !(labelSmoothing > 0),
    ...(labelSmoothing > 0 ? { labelSmoothing } : {}),
  };
}

/** The evaluation section's rows and notes from an `eval.json`. */
function evaluationOf(report: EvalReport): RunReportInput['evaluation'] {
  const notes = [
    `${report.n} samples, seed ${report.seed}, backend ${report.backend}, ${report.seconds.toFixed(1)} s, ${report.createdAt}`,
    ...Object.entries(report.skipped ?? {}).map(([m, why]) => `skipped ${m}: ${why}`),
    ...(report.splits ? [`real images: ${report.splits.description}`] : []),
    ...(report.splits?.protocol
      ? [`Parzen protocol (Goodfellow et al.): ${report.splits.protocol}`]
      : []),
  ];
  return { rows: reportRows(report), notes };
}

/**
 * Everything `gantry report --run DIR` shows, read through `openRun`: the record, metrics,
 * sample grids, `summary.json` and `eval.json` (each when present).
 */
export async function runReportInput(
  dir: string,
  warn: (message: string) => void,
): Promise<RunReportInput> {
  const run = await openRun(dir);
  const summary = (await readOptionalJson(run.paths.summary, warn)) as
    | { reason: string; steps: number; seconds: number }
    | undefined;
  const report = (await readOptionalJson(run.paths.evalReport, warn)) as EvalReport | undefined;
  return {
    title: basename(run.dir),
    runDir: dir,
    record: { ...run.record, config: { ...run.config } },
    summary,
    metrics: await run.metrics(),
    samples: await readSamples(await run.samples()),
    evaluation: report && typeof report === 'object' ? evaluationOf(report) : undefined,
    discriminator: discriminatorReading(run),
  };
}

/** One job's facts, with its curve and newest grid when its run folder has them. */
async function jobFacts(dir: string, job: SweepSummary['jobs'][number]): Promise<SweepJobFacts> {
  const run = await openRun(resolve(dir, job.runDir)).catch(() => undefined);
  const samples = run ? await run.samples() : [];
  const last = samples.at(-1);
  return {
    id: job.id,
    status: job.status,
    // The report lists a job's settings as plain key → value pairs.
    config: { ...job.config } as Readonly<Record<string, unknown>>,
    runDir: job.runDir,
    attempts: job.attempts,
    worker: job.worker,
    seconds: job.seconds,
    final: job.final,
    evaluation: job.eval ? evalScalars(job.eval as Partial<EvalReport>) : undefined,
    error: job.error,
    metrics: run ? await run.metrics() : undefined,
    lastSample: last ? (await readSamples([last]))[0] : undefined,
  };
}

/** Everything `gantry report --sweep DIR` shows: `DIR/summary.json` and each job's run folder. */
export async function sweepReportInput(dir: string): Promise<SweepReportInput> {
  const file = join(resolve(dir), RUN_FILES.summary);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new TrainerError(
      'E_RUN_RECORD',
      `${dir}: no readable ${RUN_FILES.summary} (not a gantry sweep folder)`,
      { option: 'sweep', file },
    );
  });
  const summary = parseSweepSummary(text, file);
  return {
    title: summary.sweep.name ?? basename(resolve(dir)),
    created: summary.sweep.created,
    base: summary.sweep.base,
    // The sweep file's grid: key → list of values (a single value is a list of one).
    grid: Object.fromEntries(
      Object.entries(summary.sweep.grid).map(([key, v]) => [key, Array.isArray(v) ? v : [v]]),
    ),
    jobs: await Promise.all(summary.jobs.map((j) => jobFacts(dir, j))),
  };
}
