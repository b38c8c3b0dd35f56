/** One logged training step: the fields of a line of a run's `metrics.jsonl`. */
export interface MetricsPoint {
  step: number;
  lossD: number;
  lossG: number;
  /** Mean D(x): σ(logit) for log losses, the raw score otherwise. */
  dReal: number;
  /** Mean D(G(z)), read the same way. */
  dFake: number;
  /** The penalty term inside lossD (0 when none). */
  penalty: number;
  stepMs: number;
}

/** A sample grid (PNG bytes) drawn after `step` steps. */
export interface SampleImage {
  step: number;
  png: Uint8Array;
}

/** The facts of a run's record (`config.json`) a report shows. */
export interface RunRecordFacts {
  config: Readonly<Record<string, unknown>>;
  backend: {
    name: string;
    package?: string | undefined;
    device?: string | undefined;
    skipped?: readonly { candidate: string; reason: string }[] | undefined;
  };
  totalSteps: number;
  parameters: { generator: number; discriminator: number };
  versions: Readonly<Record<string, string>>;
  /** When the record was written (the start of the run, or of its last resume). */
  updated: string;
}

/** How to read the discriminator's numbers of a run. */
export interface DiscriminatorReading {
  /** D(x) and D(G(z)) are probabilities (logit losses): draw the ½ of D* at p_g = p_data. */
  probability: boolean;
  /**
   * −(lossD − penalty) is the value function V(D, G) on each batch (minimax and non-saturating
   * without label smoothing): draw it against C(G)'s minimum −log 4.
   */
  valueFunction: boolean;
  /**
   * One-sided label smoothing ε of D's loss: D at p_g = p_data is then (1 − ε)/2, where the
   * chart's reference line goes (default 0: ½).
   */
  labelSmoothing?: number;
}

/** Everything {@link renderRunReport} shows of one run. */
export interface RunReportInput {
  /** A name for the run (its folder's name). */
  title: string;
  /** Where the run folder is, as the user named it. */
  runDir?: string;
  record: RunRecordFacts;
  /** How the run ended (`summary.json`), when it did. */
  summary?: { reason: string; steps: number; seconds: number } | undefined;
  metrics: readonly MetricsPoint[];
  /** The sample grids, oldest first. */
  samples: readonly SampleImage[];
  /** The evaluation (`eval.json`) as rows of (metric, value) and notes below them. */
  evaluation?:
    | { rows: readonly (readonly [string, string])[]; notes?: readonly string[] }
    | undefined;
  discriminator?: DiscriminatorReading | undefined;
  /** When the page was made (ISO time); default now. */
  generatedAt?: string;
  /** At most this many sample grids in the strip, evenly spaced, the last included (default 24). */
  maxSamples?: number;
}

/** One job of a sweep as {@link renderSweepReport} shows it. */
export interface SweepJobFacts {
  id: string;
  status: string;
  /** The job's resolved train config. */
  config: Readonly<Record<string, unknown>>;
  /** The job's run folder (relative to the sweep folder). */
  runDir: string;
  attempts: number;
  worker?: string | undefined;
  seconds?: number | undefined;
  /** The last step's scalars; null where the value was not finite (JSON has no NaN). */
  final?:
    | {
        step: number;
        lossD: number | null;
        lossG: number | null;
        dReal: number | null;
        dFake: number | null;
      }
    | undefined;
  /** Headline evaluation numbers by name (e.g. fid, inception_score). */
  evaluation?: Readonly<Record<string, number>> | undefined;
  error?: { code: string; message: string } | undefined;
  /** The job's training curve, when its run folder has one. */
  metrics?: readonly MetricsPoint[] | undefined;
  /** The job's newest sample grid. */
  lastSample?: SampleImage | undefined;
}

/** Everything {@link renderSweepReport} shows of a sweep. */
export interface SweepReportInput {
  title: string;
  created?: string | undefined;
  /** The config every job starts from. */
  base?: Readonly<Record<string, unknown>> | undefined;
  /** The keys the sweep varies and their values. */
  grid: Readonly<Record<string, readonly unknown[]>>;
  jobs: readonly SweepJobFacts[];
  generatedAt?: string;
}
