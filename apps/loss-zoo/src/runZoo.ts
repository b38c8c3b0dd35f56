import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { BackendSelection } from '@gantry/core';
import { atomicWriteFile } from '@gantry/core/node';
import { datasetNames } from '@gantry/datasets';
import { type EvalProgress, type EvalReport, evaluateReal } from '@gantry/eval/node';
import type { SweepEvent, SweepJobRecord, TrainConfigInput } from '@gantry/trainer';
import {
  defaultParallel,
  openRun,
  readRunMetrics,
  runSweepLocal,
  type SweepLaunch,
  type SweepPlan,
} from '@gantry/trainer/node';
import {
  type Experiment,
  pickExperiments,
  type ZooSetting,
  zooBudget,
  zooConfig,
} from './experiments';
import { type ExperimentResult, renderReport, type ZooResult } from './report';
import { evaluateZooRun, ZOO_METRICS, type ZooScoring, zooJobCommand } from './zooJob';

/** Options of {@link runZoo}. */
export interface ZooOptions {
  /** Output folder: one run folder per objective, report.html and report.json. */
  out: string;
  /** mnist-sample (default), mnist or fashion-mnist. */
  data?: string;
  dataDir?: string;
  /** Steps per objective, instead of `epochs`. */
  steps?: number;
  /** Epochs per objective (default 20, the slides' budget; on the embedded 10,000 digits at batch 64, 3,120 steps). */
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Objective ids (default: all six). */
  losses?: readonly string[];
  /** Samples each metric uses (default 2000). */
  nEval?: number;
  backend: BackendSelection;
  /**
   * The zoo's bin (`node ENTRY run-job …`, see zooJob.ts): given, and `parallel` > 1, the
   * objectives train in their own processes, `parallel` at once; else one at a time in this one.
   */
  jobEntry?: string;
  /** Objectives at once with `jobEntry` (default: the cores ÷ `GANTRY_NATIVE_THREADS`, else 1). */
  parallel?: number;
  /** Progress: training events per objective, evaluation stages, and when each starts/ends. */
  onEvent?: (event: ZooEvent) => void;
}

/** What {@link runZoo} reports while it works. */
export type ZooEvent =
  | { type: 'experiment'; index: number; total: number; experiment: Experiment }
  /** A job event of the sweep the zoo runs (started, step, done, failed, …). */
  | { type: 'sweep'; experiment: Experiment; event: SweepEvent }
  | { type: 'eval'; experiment?: Experiment; progress: EvalProgress }
  | { type: 'done'; experiment: Experiment; result: ExperimentResult };

/** The image data sets the zoo runs on: those a shipped classifier covers (from the catalog). */
export const ZOO_DATA: readonly string[] = Object.freeze(
  datasetNames((d) => d.classifier !== undefined),
);

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function readCurve(
  runDir: string,
): Promise<{ curve: ExperimentResult['curve']; stepMs: number[] }> {
  const lines = await readRunMetrics(runDir);
  return {
    curve: lines.map(({ step, lossD, lossG, dReal, dFake }) => ({
      step,
      lossD,
      lossG,
      dReal,
      dFake,
    })),
    stepMs: lines.map((m) => m.stepMs),
  };
}

async function lastSampleBase64(runDir: string): Promise<string | undefined> {
  const samples = await openRun(runDir).then(
    (run) => run.samples(),
    () => [] as string[],
  );
  const last = samples.at(-1);
  return last ? (await readFile(last)).toString('base64') : undefined;
}

/** The zoo as a sweep: one job per objective (a `variant`), the shared setting as `base`. */
export function zooPlan(experiments: readonly Experiment[], setting: ZooSetting): SweepPlan {
  const steps = setting.steps ?? 0;
  const budget: TrainConfigInput = {
    sampleEvery: steps > 0 ? steps : 500,
    checkpointEvery: 500,
    logEvery: steps > 0 ? Math.max(1, Math.round(steps / 10)) : 50,
  };
  const jobs = experiments.map((e) => ({
    id: e.id,
    config: { ...zooConfig(e, setting), ...budget },
  }));
  const base = { ...zooConfig({ id: '', title: '', config: {} }, setting), ...budget };
  return {
    name: 'loss-zoo',
    base,
    grid: { variant: Object.fromEntries(experiments.map((e) => [e.id, e.config])) },
    jobs,
  };
}

/** One objective's result, read back from its sweep job and run folder. */
async function experimentResult(
  experiment: Experiment,
  job: SweepJobRecord,
  out: string,
): Promise<ExperimentResult> {
  const runDir = join(out, job.runDir);
  const { curve, stepMs } = await readCurve(runDir);
  const samplePngBase64 = await lastSampleBase64(runDir);
  return {
    id: experiment.id,
    title: experiment.title,
    runDir,
    outcome: job.status === 'done' ? 'completed' : `stopped: ${job.error?.message ?? job.status}`,
    steps: curve.at(-1)?.step ?? 0,
    seconds: job.seconds ?? 0,
    msPerStep: median(stepMs),
    curve,
    ...(samplePngBase64 ? { samplePngBase64 } : {}),
    ...(job.status === 'done' && job.eval ? { evaluation: job.eval as unknown as EvalReport } : {}),
  };
}

/** Writes `report.html` and `report.json` (without the embedded PNGs) into `out`, atomically. */
async function writeReports(
  out: string,
  result: ZooResult,
): Promise<{ report: string; json: string }> {
  await mkdir(out, { recursive: true });
  const report = join(out, 'report.html');
  const json = join(out, 'report.json');
  await atomicWriteFile(report, renderReport(result));
  const experiments = result.experiments.map(({ samplePngBase64: _, ...r }) => r);
  await atomicWriteFile(json, `${JSON.stringify({ ...result, experiments }, null, 2)}\n`);
  return { report, json };
}

/**
 * Trains each objective with the same DCGAN, data, seed and budget, scores each generator with
 * `@gantry/eval` (Fréchet distance, class coverage, Inception-style score, Parzen), scores real
 * images the same way, and writes `report.html` and `report.json` into `out` (atomically). A
 * diverging objective is reported as such; the others go on.
 *
 * @example
 * await runZoo({ out: 'zoo', steps: 200, backend: await selectBackend({ prefer: 'auto' }) });
 */
export async function runZoo(
  options: ZooOptions,
): Promise<{ report: string; json: string; result: ZooResult }> {
  const data = options.data ?? 'mnist-sample';
  if (!ZOO_DATA.includes(data)) {
    throw new Error(`--data ${data}: the loss zoo runs on ${ZOO_DATA.join(', ')}`);
  }
  const experiments = pickExperiments(options.losses);
  const out = resolve(options.out);
  const nEval = options.nEval ?? 2000;
  const setting: ZooSetting = {
    data,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...zooBudget(options.steps, options.epochs),
    batchSize: options.batchSize ?? 64,
    seed: options.seed ?? 0,
  };
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const emit = options.onEvent ?? (() => {});
  const byId = new Map(experiments.map((e, index) => [e.id, { e, index }]));
  const scoring: ZooScoring = {
    nEval,
    seed: setting.seed,
    ...(setting.dataDir ? { dataDir: setting.dataDir } : {}),
  };
  const parallel = options.jobEntry ? (options.parallel ?? defaultParallel()) : 1;
  const launch: SweepLaunch =
    options.jobEntry && parallel > 1
      ? { command: zooJobCommand(options.jobEntry, scoring, options.backend) }
      : {
          inProcess: {
            backend: options.backend,
            evaluate: (runDir) => {
              const experiment = byId.get(basename(runDir))?.e;
              return evaluateZooRun(runDir, scoring, (progress) =>
                emit({ type: 'eval', ...(experiment ? { experiment } : {}), progress }),
              );
            },
          },
        };
  const summary = await runSweepLocal({
    dir: out,
    plan: zooPlan(experiments, setting),
    eval: true,
    attempts: 1,
    launch,
    parallel,
    onEvent: (event) => {
      const found = byId.get(event.id);
      if (found && event.type === 'running') {
        emit({
          type: 'experiment',
          index: found.index,
          total: experiments.length,
          experiment: found.e,
        });
      }
      if (found) emit({ type: 'sweep', experiment: found.e, event });
    },
  });
  const results: ExperimentResult[] = [];
  for (const job of summary.jobs) {
    const experiment = byId.get(job.id)?.e as Experiment;
    const result = await experimentResult(experiment, job, out);
    results.push(result);
    emit({ type: 'done', experiment, result });
  }
  const reference = await evaluateReal(data, {
    metrics: [...ZOO_METRICS],
    n: nEval,
    seed: setting.seed,
    ...(setting.dataDir ? { dataDir: setting.dataDir } : {}),
    onProgress: (progress) => emit({ type: 'eval', progress }),
  });
  const result: ZooResult = {
    ...setting,
    nEval,
    backend: options.backend.backend,
    parallel,
    startedAt,
    seconds: (performance.now() - started) / 1000,
    experiments: results,
    reference,
  };
  return { ...(await writeReports(out, result)), result };
}
