import { join } from 'node:path';
import { createRng, sampleNoise } from '@gantry/core';
import { atomicWriteFile } from '@gantry/core/node';
import { getToyDistribution, type ImageSet, type ToyDistribution } from '@gantry/datasets';
import { loadModel } from '@gantry/models/node';
import { TOY_DATA } from '@gantry/trainer';
import { latestCheckpoint, loadRun, runPrior } from '@gantry/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  type Classifier,
  type ClassifierName,
  loadClassifier,
  toClassifierInput,
} from './classifier';
import { type TheoryDiagnostics, theoryDiagnostics } from './diagnostics';
import { type FeatureMatrix, MetricError } from './errors';
import { type EvalSplits, loadEvalSplits } from './evalData';
import { frechetDistance } from './frechet';
import { kernelInceptionDistance } from './kid';
import { type KernelJsd, kernelJsd, type ModeMetrics, modeMetrics } from './mixture';
import { type ParzenResult, parzenEstimate } from './parzen';
import { classCoverage, inceptionScore } from './score';

/** Metrics `gantry eval --metric` accepts (`all` picks those that apply to the data). */
export const METRIC_NAMES = Object.freeze([
  'parzen',
  'fid',
  'kid',
  'score',
  'modes',
  'jsd',
  'diagnostics',
] as const);

/** One metric name of {@link METRIC_NAMES}. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Progress of a long evaluation: `done` of `total` units of the named stage. */
export interface EvalProgress {
  stage: string;
  done: number;
  total: number;
}

/** Options of {@link evaluateRun} and {@link evaluateReal}. */
export interface EvaluateOptions {
  /** Metrics to compute, or `'all'` for every one that applies (default). */
  metrics?: readonly MetricName[] | 'all';
  /** Generated (or real stand-in) samples to score (default 10,000). */
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

/** What `gantry eval` writes to `eval.json`. */
export interface EvalReport {
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
  splits?: { description: string; validation: number; test: number };
  parzen?: ParzenResult;
  fid?: FidResult;
  kid?: KidResult;
  score?: ScoreResult;
  modes?: ModeMetrics;
  jsd?: KernelJsd;
  diagnostics?: TheoryDiagnostics;
  /** Metrics of `all` that do not apply here, with the reason. */
  skipped: Partial<Record<MetricName, string>>;
}

/** Losses whose discriminator outputs a log-likelihood logit, so D = σ(logit) (for diagnostics). */
const LOG_LOSSES = ['minimax', 'non-saturating'];
const CLASSIFIER_FOR: Record<string, ClassifierName> = {
  'mnist-sample': 'mnist',
  mnist: 'mnist',
  'fashion-mnist': 'fashion-mnist',
};
const TOY_METRICS: readonly MetricName[] = ['modes', 'jsd', 'diagnostics'];
const IMAGE_METRICS: readonly MetricName[] = ['parzen', 'fid', 'kid', 'score', 'diagnostics'];

const isToy = (data: string) => (TOY_DATA as readonly string[]).includes(data);

/** What a subject must be scored with: generated (or real) samples and where they came from. */
interface Subject {
  kind: 'generator' | 'real';
  data: string;
  loss?: string;
  /** Samples as N×… values: images in [−1, 1] (N×H×W×C) or toy points (N×dim). */
  samples: Float32Array;
  shape: number[];
  discriminator?: tfl.LayersModel;
  /** The real splits, when already loaded. */
  splits?: EvalSplits;
}

/** Why metric `m` cannot be computed for `subject`, or undefined if it can. */
function whyNot(
  m: MetricName,
  subject: Subject,
  toy: ToyDistribution | undefined,
): string | undefined {
  if (toy) {
    if (!TOY_METRICS.includes(m))
      return `${m} scores images; ${subject.data} is a toy distribution`;
    if (m === 'modes' && !toy.modes) return `${subject.data} has no list of modes`;
    if (m === 'jsd' && !toy.logDensity) return `${subject.data} has no exact density`;
  } else {
    if (!IMAGE_METRICS.includes(m))
      return `${m} is for 2-D/1-D toy data; ${subject.data} is images`;
    if ((m === 'fid' || m === 'kid' || m === 'score') && !CLASSIFIER_FOR[subject.data])
      return `${m} needs a shipped classifier (MNIST or Fashion-MNIST); none fits ${subject.data}`;
  }
  if (m === 'diagnostics') {
    if (subject.kind === 'real') return 'diagnostics need a trained discriminator';
    if (!subject.loss || !LOG_LOSSES.includes(subject.loss))
      return `diagnostics read D as a probability, which holds for the losses ${LOG_LOSSES.join(' and ')}, not ${subject.loss}`;
  }
  return undefined;
}

/** The generator's samples for seed `seed`, in batches, as one Float32Array. */
async function generate(
  generator: tfl.LayersModel,
  prior: ReturnType<typeof runPrior>,
  latentDim: number,
  n: number,
  seed: number,
  onProgress?: (p: EvalProgress) => void,
): Promise<{ samples: Float32Array; shape: number[] }> {
  const rng = createRng(`eval:${seed}`);
  const batch = 500;
  let out: Float32Array | undefined;
  let shape: number[] = [];
  for (let start = 0; start < n; start += batch) {
    const size = Math.min(batch, n - start);
    const z = sampleNoise(rng, prior, size, latentDim);
    const x = tf.tidy(() => generator.predict(z) as tf.Tensor);
    try {
      const values = (await x.data()) as Float32Array;
      const per = values.length / size;
      if (!out) {
        out = new Float32Array(n * per);
        shape = [n, ...x.shape.slice(1)];
      }
      out.set(values, start * per);
    } finally {
      tf.dispose([z, x]);
    }
    onProgress?.({ stage: 'generate', done: start + size, total: n });
  }
  return { samples: out ?? new Float32Array(0), shape };
}

/** Pixels in [−1, 1] → N×d tensor in [0, 1] (the scale of the Parzen σ grid). */
function unitScale(values: Float32Array, n: number): tf.Tensor2D {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] as number) + 1) / 2;
  return tf.tensor2d(out, [n, values.length / n]);
}

function bytesToUnit(set: ImageSet): tf.Tensor2D {
  const out = new Float32Array(set.images.length);
  for (let i = 0; i < out.length; i++) out[i] = (set.images[i] as number) / 255;
  return tf.tensor2d(out, [set.count, out.length / set.count]);
}

async function featuresOf(
  clf: Classifier,
  images: tf.Tensor4D,
): Promise<{ features: FeatureMatrix; probs: Float32Array }> {
  const f = clf.features(images);
  const p = clf.probabilities(images);
  try {
    const n = images.shape[0];
    return {
      features: { data: (await f.data()) as Float32Array, n, d: clf.featureDim },
      probs: (await p.data()) as Float32Array,
    };
  } finally {
    tf.dispose([f, p]);
  }
}

async function logitsOf(d: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  const n = x.shape[0] as number;
  for (let start = 0; start < n; start += 500) {
    const size = Math.min(500, n - start);
    const y = tf.tidy(() => {
      const begin = x.shape.map((_, i) => (i === 0 ? start : 0));
      const sizes = x.shape.map((s, i) => (i === 0 ? size : s));
      return d.predict(tf.slice(x, begin, sizes)) as tf.Tensor;
    });
    try {
      parts.push((await y.data()) as Float32Array);
    } finally {
      y.dispose();
    }
  }
  const out = new Float32Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Theory diagnostics of `d` on real and generated inputs (which it disposes). */
async function diagnose(
  d: tfl.LayersModel,
  real: tf.Tensor,
  fake: tf.Tensor,
): Promise<TheoryDiagnostics> {
  try {
    return theoryDiagnostics(await logitsOf(d, real), await logitsOf(d, fake));
  } finally {
    tf.dispose([real, fake]);
  }
}

/** Scores `subject` with every metric of `wanted`, skipping (for `all`) or refusing the others. */
async function score(
  subject: Subject,
  options: EvaluateOptions,
  started: number,
): Promise<EvalReport> {
  const seed = options.seed ?? 0;
  const progress = options.onProgress;
  const toy = isToy(subject.data) ? getToyDistribution(subject.data) : undefined;
  const all = options.metrics === undefined || options.metrics === 'all';
  const requested: readonly MetricName[] = all ? METRIC_NAMES : (options.metrics as MetricName[]);
  const skipped: EvalReport['skipped'] = {};
  const wanted: MetricName[] = [];
  for (const m of requested) {
    const reason = whyNot(m, subject, toy);
    if (reason === undefined) wanted.push(m);
    else if (all) skipped[m] = reason;
    else throw new MetricError('E_UNSUPPORTED', `--metric ${m}: ${reason}`, { metric: m });
  }
  const n = subject.shape[0] as number;
  const report: EvalReport = {
    subject: subject.kind,
    data: subject.data,
    ...(subject.loss ? { loss: subject.loss } : {}),
    n,
    seed,
    backend: tf.getBackend(),
    createdAt: new Date().toISOString(),
    seconds: 0,
    skipped,
  };
  if (toy) {
    if (wanted.includes('modes')) {
      progress?.({ stage: 'modes', done: 0, total: 1 });
      report.modes = modeMetrics(subject.samples, toy.dim, {
        modes: toy.modes ?? [],
        std: toy.modeStd ?? 1,
      });
    }
    if (wanted.includes('jsd')) {
      progress?.({ stage: 'jsd', done: 0, total: 1 });
      report.jsd = kernelJsd(toy, subject.samples, { n: Math.min(n, 10_000), seed });
    }
    if (wanted.includes('diagnostics') && subject.discriminator) {
      const real = toy.sample(createRng(`eval:real:${seed}`), n);
      report.diagnostics = await diagnose(
        subject.discriminator,
        tf.tensor2d(real, [n, toy.dim]),
        tf.tensor2d(subject.samples, [n, toy.dim]),
      );
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }
  if (wanted.length === 0) {
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }
  const splits: EvalSplits =
    subject.splits ?? (await loadEvalSplits(subject.data, options.dataDir));
  report.splits = {
    description: splits.description,
    validation: splits.validation.count,
    test: splits.test.count,
  };
  const [, h, w, c] = subject.shape as [number, number, number, number];
  if (splits.test.height !== h || splits.test.width !== w || splits.test.channels !== c) {
    throw new MetricError(
      'E_SHAPE',
      `the samples are ${h}×${w}×${c} but ${subject.data}'s images are ${splits.test.height}×${splits.test.width}×${splits.test.channels}`,
      { data: subject.data },
    );
  }
  const clfName = CLASSIFIER_FOR[subject.data];
  if (clfName && (wanted.includes('fid') || wanted.includes('kid') || wanted.includes('score'))) {
    const clf = await loadClassifier(clfName);
    const fake = tf.tensor4d(subject.samples, [n, h, w, 1]);
    const real = toClassifierInput(splits.test.images);
    try {
      progress?.({ stage: 'features', done: 0, total: n + splits.test.count });
      const gen = await featuresOf(clf, fake);
      progress?.({ stage: 'features', done: n, total: n + splits.test.count });
      const ref = await featuresOf(clf, real);
      progress?.({ stage: 'features', done: n + splits.test.count, total: n + splits.test.count });
      if (wanted.includes('fid')) {
        report.fid = {
          value: frechetDistance(gen.features, ref.features),
          classifier: clfName,
          n,
          reference: splits.test.count,
        };
      }
      if (wanted.includes('kid')) {
        const kid = kernelInceptionDistance(gen.features, ref.features, {
          subsets: options.kidSubsets ?? 100,
          rng: createRng(`eval:kid:${seed}`),
        });
        report.kid = { ...kid, classifier: clfName };
      }
      if (wanted.includes('score')) {
        const is = inceptionScore(gen.probs, n, clf.numClasses, { splits: n >= 100 ? 10 : 1 });
        report.score = {
          inceptionScore: { mean: is.mean, std: is.std, splits: is.splits },
          coverage: classCoverage({ probs: gen.probs, n, k: clf.numClasses }),
          classNames: clf.classNames,
          classifier: clfName,
        };
      }
    } finally {
      tf.dispose([fake, real]);
      clf.dispose();
    }
  }
  if (wanted.includes('parzen')) {
    const samples = unitScale(subject.samples, n);
    const validation = bytesToUnit(splits.validation);
    const test = bytesToUnit(splits.test);
    try {
      report.parzen = await parzenEstimate({
        samples,
        validation,
        test,
        ...(progress
          ? {
              onProgress: (done: number, total: number) =>
                progress({ stage: 'parzen', done, total }),
            }
          : {}),
      });
    } finally {
      tf.dispose([samples, validation, test]);
    }
  }
  if (wanted.includes('diagnostics') && subject.discriminator) {
    const count = Math.min(n, splits.test.count);
    const real = new Float32Array(count * h * w * c);
    for (let i = 0; i < real.length; i++) real[i] = (splits.test.images[i] as number) / 127.5 - 1;
    report.diagnostics = await diagnose(
      subject.discriminator,
      tf.tensor4d(real, [count, h, w, c]),
      tf.tensor4d(subject.samples, [n, h, w, c]),
    );
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function checkN(n: number): void {
  if (!Number.isInteger(n) || n < 2) {
    throw new MetricError('E_INVALID_ARGUMENT', `n must be an integer ≥ 2, got ${n}`, {
      argument: 'n',
      value: n,
    });
  }
}

/**
 * Scores the generator of a run folder written by `gantry train`: draws `n` samples (seeded)
 * and computes the requested metrics against the run's data; diagnostics use the latest
 * checkpoint's discriminator.
 *
 * @example
 * const report = await evaluateRun('runs/mnist', { metrics: ['fid', 'score'], n: 2000 });
 */
export async function evaluateRun(run: string, options: EvaluateOptions = {}): Promise<EvalReport> {
  const started = performance.now();
  const n = options.n ?? 10_000;
  checkN(n);
  const loaded = await loadRun(run);
  let discriminator: tfl.LayersModel | undefined;
  try {
    const { samples, shape } = await generate(
      loaded.generator,
      runPrior(loaded.config),
      loaded.config.latentDim,
      n,
      options.seed ?? 0,
      options.onProgress,
    );
    const all = options.metrics === undefined || options.metrics === 'all';
    // Only a log-loss D is read as a probability: do not load one that would go unused.
    const wantsD = all
      ? LOG_LOSSES.includes(loaded.config.loss)
      : options.metrics?.includes('diagnostics');
    if (wantsD) {
      const ckpt = await latestCheckpoint(loaded.dir);
      if (ckpt) discriminator = await loadModel(join(ckpt, 'discriminator'));
      else if (!all) {
        throw new MetricError(
          'E_DATA',
          `--metric diagnostics: ${run} has no checkpoint with a discriminator`,
          {
            run,
          },
        );
      }
    }
    const report = await score(
      {
        kind: 'generator',
        data: loaded.config.data,
        loss: loaded.config.loss,
        samples,
        shape,
        ...(discriminator ? { discriminator } : {}),
      },
      {
        ...options,
        ...(options.dataDir ? {} : loaded.config.dataDir ? { dataDir: loaded.config.dataDir } : {}),
      },
      started,
    );
    if (discriminator === undefined && report.skipped.diagnostics === undefined && all)
      report.skipped.diagnostics = 'the run has no checkpoint with a discriminator';
    return { ...report, run: loaded.dir };
  } finally {
    loaded.generator.dispose();
    discriminator?.dispose();
  }
}

/**
 * The real-data reference row: scores `n` real images (or toy samples) in place of a generator,
 * against the same reference sets, so generated numbers can be read (real-vs-real FID, the
 * real images' own Parzen score, …).
 *
 * @example
 * const ref = await evaluateReal('fashion-mnist', { metrics: ['fid', 'parzen'], n: 10000 });
 */
export async function evaluateReal(
  data: string,
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const started = performance.now();
  const n = options.n ?? 10_000;
  checkN(n);
  const seed = options.seed ?? 0;
  if (isToy(data)) {
    const toy = getToyDistribution(data);
    const samples = toy.sample(createRng(`eval:stand-in:${seed}`), n);
    return score({ kind: 'real', data, samples, shape: [n, toy.dim] }, options, started);
  }
  const splits = await loadEvalSplits(data, options.dataDir);
  const count = Math.min(n, splits.train.count);
  const rng = createRng(`eval:stand-in:${seed}`);
  const order = rng.permutation(splits.train.count);
  const { height: h, width: w, channels: c } = splits.train;
  const size = h * w * c;
  const samples = new Float32Array(count * size);
  for (let j = 0; j < count; j++) {
    const i = order[j] as number;
    for (let p = 0; p < size; p++)
      samples[j * size + p] = (splits.train.images[i * size + p] as number) / 127.5 - 1;
  }
  return score({ kind: 'real', data, samples, shape: [count, h, w, c], splits }, options, started);
}

/** Writes `report` as `<dir>/eval.json` atomically and returns the path. */
export async function writeEvalReport(dir: string, report: EvalReport): Promise<string> {
  const path = join(dir, 'eval.json');
  await atomicWriteFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
