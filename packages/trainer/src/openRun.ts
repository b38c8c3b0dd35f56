import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWriteFile } from '@gantry/core/node';
import { loadModel } from '@gantry/models/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { latestCheckpoint } from './checkpoint';
import type { TrainConfig } from './config';
import { TrainerError } from './errors';
import { RUN_FILES } from './runFiles';
import { type MetricsLine, parseMetricsLine, parseRunRecord, type RunRecord } from './runRecord';
import { writeOutputFile } from './tempFiles';

/** The absolute paths of a run folder's parts (see {@link RUN_FILES}). */
export interface RunPaths {
  dir: string;
  record: string;
  metrics: string;
  samples: string;
  checkpoints: string;
  generator: string;
  summary: string;
  evalReport: string;
}

/** Where each part of the run folder `dir` lives. */
export function runPaths(dir: string): RunPaths {
  const root = resolve(dir);
  const at = (name: string) => join(root, name);
  return {
    dir: root,
    record: at(RUN_FILES.record),
    metrics: at(RUN_FILES.metrics),
    samples: at(RUN_FILES.samples),
    checkpoints: at(RUN_FILES.checkpoints),
    generator: at(RUN_FILES.generator),
    summary: at(RUN_FILES.summary),
    evalReport: at(RUN_FILES.evalReport),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes a run's record (`config.json`) atomically. */
export async function writeRunRecord(dir: string, record: RunRecord): Promise<void> {
  await atomicWriteFile(runPaths(dir).record, json(record));
}

/** Writes how a run ended (`summary.json`) atomically. */
export async function writeRunSummary(dir: string, summary: unknown): Promise<void> {
  await atomicWriteFile(runPaths(dir).summary, json(summary));
}

/**
 * Writes an evaluation report as the run's `eval.json`, atomically, and returns its path.
 *
 * @example
 * await writeEvalReport('runs/mnist', report);
 */
export async function writeEvalReport(dir: string, report: unknown): Promise<string> {
  const path = runPaths(dir).evalReport;
  await writeOutputFile(path, json(report), { doing: 'writing the evaluation report' });
  return path;
}

/** Every line of a run's metrics log, parsed; none when the log is missing. */
export async function readRunMetrics(dir: string): Promise<MetricsLine[]> {
  const file = runPaths(dir).metrics;
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim().length > 0)
    .map(({ line, n }) => parseMetricsLine(line, { file, line: n }));
}

/** A run folder opened for reading, with its validated record. */
export interface RunFolder {
  /** Absolute path of the folder. */
  readonly dir: string;
  readonly paths: RunPaths;
  readonly record: RunRecord;
  /** The resolved config it was trained with (`record.config`). */
  readonly config: TrainConfig;
  /** Every line of `metrics.jsonl`. */
  metrics(): Promise<MetricsLine[]>;
  /** The newest checkpoint's folder, if any. */
  latestCheckpoint(): Promise<string | undefined>;
  /** The final generator, else the latest checkpoint's (the caller disposes it). */
  loadGenerator(): Promise<{ model: tfl.LayersModel; path: string }>;
  /** The latest checkpoint's discriminator, or undefined without a checkpoint. */
  loadDiscriminator(): Promise<tfl.LayersModel | undefined>;
  /** The sample grids, oldest first (absolute paths). */
  samples(): Promise<string[]>;
  /** Writes `eval.json` (atomically) and returns its path. */
  writeEvalReport(report: unknown): Promise<string>;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Opens a run folder written by `runTraining`: reads and validates its `config.json` (errors
 * name the folder and what is missing) and gives its parts.
 *
 * @example
 * const run = await openRun('runs/mnist');
 * const { model } = await run.loadGenerator();
 * console.log(run.config.data, (await run.metrics()).length);
 */
export async function openRun(dir: string): Promise<RunFolder> {
  const paths = runPaths(dir);
  const text = await readFile(paths.record, 'utf8').catch(() => {
    throw new TrainerError(
      'E_RUN_RECORD',
      `${dir}: no readable ${RUN_FILES.record} (not a gantry run folder)`,
      { option: 'run', file: paths.record },
    );
  });
  const record = parseRunRecord(text, paths.record);
  return {
    dir: paths.dir,
    paths,
    record,
    config: record.config,
    metrics: () => readRunMetrics(paths.dir),
    latestCheckpoint: () => latestCheckpoint(paths.dir),
    async loadGenerator() {
      if (await exists(join(paths.generator, 'model.json'))) {
        return { model: await loadModel(paths.generator), path: paths.generator };
      }
      const ckpt = await latestCheckpoint(paths.dir);
      if (!ckpt) {
        throw new TrainerError(
          'E_RESUME',
          `${dir}: no ${RUN_FILES.generator}/ and no checkpoint yet`,
          { option: 'run' },
        );
      }
      const path = join(ckpt, RUN_FILES.generator);
      return { model: await loadModel(path), path };
    },
    async loadDiscriminator() {
      const ckpt = await latestCheckpoint(paths.dir);
      return ckpt ? loadModel(join(ckpt, RUN_FILES.discriminator)) : undefined;
    },
    async samples() {
      const names = await readdir(paths.samples).catch(() => [] as string[]);
      return names
        .filter((f) => f.endsWith('.png'))
        .sort()
        .map((f) => join(paths.samples, f));
    },
    writeEvalReport: (report) => writeEvalReport(paths.dir, report),
  };
}
