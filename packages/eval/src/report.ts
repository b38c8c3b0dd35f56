import type { ClassifierName } from './classifier';
import type { TheoryDiagnostics } from './diagnostics';
import type { KernelJsd, ModeMetrics } from './mixture';
import type { ParzenResult } from './parzen';
import type { classCoverage } from './score';

/** Progress of a long evaluation: `done` of `total` units of the named stage. */
export interface EvalProgress {
  stage: string;
  done: number;
  total: number;
}

/** Options of `evaluateRun` and `evaluateReal`. */
export interface EvaluateOptions {
  /** Metrics to compute, or `'all'` for every one that applies (default). */
  metrics?: readonly MetricName[] | 'all';
  /** Generated (or real stand-in) samples to score (default 2,500 for the 2-D mixtures, else 10,000). */
  n?: number;
  /** Seed of the noise and of every random choice (default 0). */
  seed?: number;
  /** Folder of the data set's standard files, where it needs one. */
  dataDir?: string;
  /** Random subsets KID averages (default 100, as Bińkowski et al.; ~0.17 s each at 1,000). */
  kidSubsets?: number;
  onProgress?: (progress: EvalProgress) => void;
}

/** The Fréchet distance on classifier features, with what it compared. */
export interface FidResult {
  value: number;
  classifier: ClassifierName;
  n: number;
  reference: number;
}

/** KID (×1 — not the ×10³ some papers print) on classifier features. */
export interface KidResult {
  mean: number;
  std: number;
  subsets: number;
  subsetSize: number;
  classifier: ClassifierName;
}

/** Inception-style score and class coverage on a shipped classifier's predictions. */
export interface ScoreResult {
  inceptionScore: { mean: number; std: number; splits: number };
  coverage: ReturnType<typeof classCoverage>;
  classNames: readonly string[];
  classifier: ClassifierName;
}

/** What each metric puts in the report, by metric name. */
export interface MetricResults {
  parzen: ParzenResult;
  fid: FidResult;
  kid: KidResult;
  score: ScoreResult;
  modes: ModeMetrics;
  jsd: KernelJsd;
  diagnostics: TheoryDiagnostics;
}

/** One metric name: a key of {@link MetricResults}. */
export type MetricName = keyof MetricResults;

/** What `gantry eval` writes to `eval.json`. */
export interface EvalReport extends Partial<MetricResults> {
  /** `generator` for a run, `real` for the real-data reference row. */
  subject: 'generator' | 'real';
  run?: string;
  data: string;
  loss?: string;
  n: number;
  seed: number;
  backend: string;
  createdAt: string;
  seconds: number;
  splits?: {
    description: string;
    validation: number;
    test: number;
    /** Runs: whether their training left these images out (the run's `holdOut`). */
    heldOut?: boolean;
    /** Runs: whether Goodfellow et al.'s protocol was followed, in words. */
    protocol?: string;
  };
  /** Metrics of `all` that do not apply here, with the reason. */
  skipped: Partial<Record<MetricName, string>>;
}
