import { stat } from 'node:fs/promises';
import { type BackendSelection, selectBackend } from '@gantry/core';
import { makeDirectory } from '@gantry/core/node';
import { evalSplitIndices, subsetImages } from '@gantry/datasets';
import { type LoadedDataset, loadDataset } from '@gantry/datasets/node';
import type { GanLoss } from '@gantry/losses';
import { trainingKernels } from '@gantry/models';
import { latestCheckpoint, loadCheckpoint } from './checkpoint';
import {
  parseTrainConfig,
  resolveTrainConfig,
  type TrainConfig,
  type TrainConfigInput,
} from './config';
import {
  type ConfiguredTrainer,
  createTrainer,
  type TrainingData,
  totalSteps,
} from './createTrainer';
import { TrainerError } from './errors';
import { shortPath, writingTo } from './fsErrors';
import { MetricsLog } from './metricsLog';
import { openRun, runPaths, writeRunRecord } from './openRun';
import { RUN_RECORD_FORMAT, type RunRecord } from './runRecord';
import { removeStaleRunFiles } from './tempFiles';
import { packageVersions } from './versions';

/** Options of {@link prepareTraining}. */
export interface PrepareTrainingOptions {
  /** Continue the run in this folder from its latest checkpoint (its config.json wins). */
  resume?: string;
  /** When resuming: a new target step count (to train longer than first planned). */
  steps?: number;
  /** A backend the caller already selected and activated (else one is selected per config). */
  backend?: BackendSelection;
  /** Replaces the loss built from the config (tests, custom objectives). */
  loss?: GanLoss;
  /** Told about files of the data that were skipped. */
  onWarning?: (message: string) => void;
}

/** A run ready to train: its folder, record, data, trainer (restored on resume) and log. */
export interface PreparedTraining extends ConfiguredTrainer {
  runDir: string;
  config: TrainConfig;
  record: RunRecord;
  backend: BackendSelection;
  data: TrainingData;
  /** Iterations to reach. */
  total: number;
  resumed: boolean;
  /** The run's metrics log, cut back to the checkpoint on resume. */
  metricsLog: MetricsLog;
}

/** The config of a new run, or of the run being resumed (with its new step target). */
async function runConfig(
  input: TrainConfigInput,
  options: PrepareTrainingOptions,
): Promise<{ config: TrainConfig; runDir: string }> {
  if (options.resume) {
    const run = await openRun(options.resume);
    const config = { ...run.config };
    if (options.steps !== undefined) {
      parseTrainConfig({ steps: options.steps }, 'options'); // the same bounds as a new run
      config.steps = options.steps;
      delete config.epochs;
    }
    return { config, runDir: run.dir };
  }
  const config = resolveTrainConfig(input);
  const paths = runPaths(config.out);
  const taken = await stat(paths.record).then(
    () => true,
    () => false,
  );
  if (taken) {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `output folder ${shortPath(paths.dir)} already holds a run: continue it (\`resume\`) or choose another \`out\``,
      { option: 'out' },
    );
  }
  // Made now, before the data is loaded: a path that cannot be a folder fails at once.
  await writingTo(paths.dir, 'creating the run folder', () => makeDirectory(paths.dir), 'out');
  return { config, runDir: paths.dir };
}

/** Restores the latest checkpoint into `trainer` and cuts the log back to it. */
async function restore(prepared: Omit<PreparedTraining, 'record' | 'total'>): Promise<void> {
  const ckpt = await latestCheckpoint(prepared.runDir);
  if (!ckpt) {
    throw new TrainerError(
      'E_RESUME',
      `\`resume\` ${prepared.runDir}: no checkpoint in ${runPaths(prepared.runDir).checkpoints}`,
      { option: 'resume' },
    );
  }
  const meta = await loadCheckpoint(ckpt, prepared.trainer);
  await prepared.metricsLog.truncate(meta.metricsLines);
}

/** `loaded` with its training split cut to the images evaluation does not keep (`holdOut`). */
function withoutEvalImages(loaded: LoadedDataset): LoadedDataset {
  if (loaded.kind !== 'image') return loaded;
  const { training } = evalSplitIndices(loaded.source.count, loaded.test !== undefined);
  const source = subsetImages(loaded.source, training, `${loaded.source.name} (held out)`);
  return { ...loaded, source };
}

/**
 * The setup half of a run (Node): the config (resolved, or the resumed run's), the backend,
 * the data (from the catalog), the models and the trainer (restored from the latest checkpoint
 * on resume), the metrics log, and the run record written to `config.json`.
 *
 * @example
 * const run = await prepareTraining({ data: 'ring2d', out: 'runs/ring' });
 * await trainLoop(run.trainer, { total: run.total });
 * run.dispose();
 */
export async function prepareTraining(
  input: TrainConfigInput,
  options: PrepareTrainingOptions = {},
): Promise<PreparedTraining> {
  const { config, runDir } = await runConfig(input, options);
  await removeStaleRunFiles(runDir); // what killed runs in this folder left behind
  const backend =
    options.backend ??
    (await selectBackend({
      prefer: config.backend,
      requiredKernels: trainingKernels(config.model),
    }));
  const loaded = await loadDataset(config.data, {
    ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}),
    ...(config.imageSize !== undefined ? { imageSize: config.imageSize } : {}),
    ...(config.channels !== undefined ? { channels: config.channels } : {}),
    onSkip: (file, reason) => options.onWarning?.(`skipped ${file}: ${reason}`),
  });
  const data = config.holdOut ? withoutEvalImages(loaded) : loaded;
  const built = createTrainer(config, data, options.loss ? { loss: options.loss } : {});
  try {
    const metricsLog = new MetricsLog(runPaths(runDir).metrics);
    const resumed = Boolean(options.resume);
    const prepared = { ...built, runDir, config, backend, data, resumed, metricsLog };
    await writingTo(runPaths(runDir).metrics, 'preparing the metrics log', () =>
      resumed ? restore(prepared) : metricsLog.truncate(0),
    );
    const total = totalSteps(config, data, built.trainer.data.batchesPerEpoch);
    const record: RunRecord = {
      format: RUN_RECORD_FORMAT,
      config,
      backend: {
        name: backend.backend,
        package: backend.package,
        device: backend.device,
        ...(backend.threads === undefined ? {} : { threads: backend.threads }),
        ...(backend.adapter ? { adapter: backend.adapter } : {}),
        skipped: backend.skipped,
      },
      totalSteps: total,
      parameters: built.gan.parameters,
      versions: packageVersions(),
      updated: new Date().toISOString(),
    };
    await writingTo(runPaths(runDir).record, 'writing the run record', () =>
      writeRunRecord(runDir, record),
    );
    return { ...prepared, record, total };
  } catch (error) {
    built.dispose();
    throw error;
  }
}
