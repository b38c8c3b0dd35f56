import { type BackendSelection, selectBackend } from '@gantry/core';
import { type EvalProgress, evaluateRun, type MetricName } from '@gantry/eval/node';
import { trainingKernels } from '@gantry/models';
import { type JobCommandFactory, runSweepJobProcess } from '@gantry/trainer/node';
import { importBackend } from './importBackend';

/** The metrics each objective is scored with. */
export const ZOO_METRICS: readonly MetricName[] = Object.freeze(['fid', 'score', 'parzen']);

/** How the zoo scores a run: samples per metric, seed, where MNIST is. */
export interface ZooScoring {
  nEval: number;
  seed: number;
  dataDir?: string;
}

/** Scores one finished objective's run folder (in the zoo's process or in a job's). */
export async function evaluateZooRun(
  runDir: string,
  scoring: ZooScoring,
  onProgress?: (progress: EvalProgress) => void,
): Promise<Record<string, unknown>> {
  const report = await evaluateRun(runDir, {
    metrics: [...ZOO_METRICS],
    n: scoring.nEval,
    seed: scoring.seed,
    ...(scoring.dataDir ? { dataDir: scoring.dataDir } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  return report as unknown as Record<string, unknown>;
}

/**
 * The command of one objective's own process: `node ENTRY run-job DIR ID N_EVAL SEED BACKEND
 * [DATA_DIR]`, where ENTRY is the zoo's bin (whose `run-job` is {@link runZooJob}).
 */
export function zooJobCommand(
  entry: string,
  scoring: ZooScoring,
  backend: BackendSelection,
): JobCommandFactory {
  return ({ dir, id }) => ({
    file: process.execPath,
    args: [
      entry,
      'run-job',
      dir,
      id,
      String(scoring.nEval),
      String(scoring.seed),
      backend.backend,
      ...(scoring.dataDir ? [scoring.dataDir] : []),
    ],
  });
}

/**
 * `loss-zoo run-job DIR ID N_EVAL SEED BACKEND [DATA_DIR]` (what {@link zooJobCommand} starts):
 * trains and scores one objective of the zoo's sweep in this process, on the native threads the
 * runner gives it (`GANTRY_NATIVE_THREADS`), reporting JSON lines on stdout. Returns the exit
 * code (0 done, 1 failed, 130 interrupted; 2 for arguments that are not these).
 */
export async function runZooJob(argv: readonly string[]): Promise<number> {
  const [dir, id, nEval, seed, backend, dataDir] = argv;
  if (!dir || !id || !Number.isInteger(Number(nEval)) || !Number.isInteger(Number(seed))) {
    process.stderr.write('usage: loss-zoo run-job DIR ID N_EVAL SEED BACKEND [DATA_DIR]\n');
    return 2;
  }
  const scoring = { nEval: Number(nEval), seed: Number(seed), ...(dataDir ? { dataDir } : {}) };
  return runSweepJobProcess({
    dir,
    id,
    exitWithParent: true,
    selectBackend: () =>
      selectBackend({
        prefer: (backend ?? 'auto') as 'auto',
        requiredKernels: trainingKernels('dcgan'),
        importModule: importBackend,
      }),
    evaluate: (runDir) => evaluateZooRun(runDir, scoring),
  });
}
