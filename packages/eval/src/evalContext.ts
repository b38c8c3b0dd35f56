import { createRng } from '@gantry/core';
import type { DatasetEntry, ToyDistribution } from '@gantry/datasets';
import type { GanLoss } from '@gantry/losses';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Classifier, type ClassifierName, toClassifierInput } from './classifier';
import { MetricError } from './errors';
import { type EvalSplits, loadEvalSplits } from './evalData';
import type { FeatureMatrix } from './featureMatrix';
import { loadClassifier } from './nodeClassifier';
import type { EvaluateOptions } from './report';

/** What is scored: generated (or real stand-in) samples, and what they are compared with. */
export interface EvalSubject {
  kind: 'generator' | 'real';
  /** The catalog entry of its data set. */
  dataset: DatasetEntry;
  /** The toy distribution, for toy data. */
  toy?: ToyDistribution;
  /** The loss its generator was trained with (runs only). */
  loss?: GanLoss;
  /** Samples as N×… values: images in [−1, 1] (N×H×W×C) or toy points (N×dim). */
  samples: Float32Array;
  shape: number[];
  /** The run's trained discriminator, when diagnostics will read it. */
  discriminator?: tfl.LayersModel;
  /** The real splits, when already loaded. */
  splits?: EvalSplits;
  /**
   * Image runs: whether training left out the images the evaluation keeps (the run's
   * `holdOut`); false means σ was chosen on, and on `mnist-sample` the test digits are, images
   * the generator trained on.
   */
  heldOut?: boolean;
}

/** Classifier outputs on the generated samples and on the reference (test) images. */
export interface ClassifierOutputs {
  classifier: { name: ClassifierName; numClasses: number; classNames: readonly string[] };
  generated: { features: FeatureMatrix; probs: Float32Array };
  reference: { features: FeatureMatrix; probs: Float32Array };
}

/**
 * What the metrics share, each computed at most once and only when a metric asks: the real
 * splits (checked against the samples' shape), the classifier's features and probabilities,
 * the discriminator's outputs on real and generated inputs. Holds no tensors between calls.
 */
export interface EvalContext {
  readonly subject: EvalSubject;
  /** Number of samples scored. */
  readonly n: number;
  readonly seed: number;
  readonly options: EvaluateOptions;
  progress(stage: string, done: number, total: number): void;
  splits(): Promise<EvalSplits>;
  classifierOutputs(): Promise<ClassifierOutputs>;
  /** D's raw outputs on real inputs and on the samples, and the real toy points it scored. */
  discriminatorOutputs(): Promise<DiscriminatorOutputs>;
}

/** D's raw outputs on `real` inputs and on the samples (`fake`). */
export interface DiscriminatorOutputs {
  real: Float32Array;
  fake: Float32Array;
  /** Toy data: the real points (n·dim values) D scored. */
  realPoints?: Float32Array;
}

/** Memoises an async computation. */
function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= compute();
    return value;
  };
}

async function checkedSplits(subject: EvalSubject, dataDir?: string): Promise<EvalSplits> {
  const splits = subject.splits ?? (await loadEvalSplits(subject.dataset.name, dataDir));
  const [, h, w, c] = subject.shape as [number, number, number, number];
  const t = splits.test;
  if (t.height !== h || t.width !== w || t.channels !== c) {
    throw new MetricError(
      'E_SHAPE',
      `the samples are ${h}×${w}×${c} but ${subject.dataset.name}'s images are ${t.height}×${t.width}×${t.channels}`,
      { data: subject.dataset.name },
    );
  }
  return splits;
}

async function outputsOf(clf: Classifier, images: tf.Tensor4D) {
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

async function classify(ctx: EvalContext): Promise<ClassifierOutputs> {
  const { subject, n } = ctx;
  const name = subject.dataset.classifier as ClassifierName;
  const splits = await ctx.splits();
  const [, h, w] = subject.shape as [number, number, number];
  const clf = await loadClassifier(name);
  const fake = tf.tensor4d(subject.samples, [n, h, w, 1]);
  const real = toClassifierInput(splits.test.images);
  const total = n + splits.test.count;
  try {
    ctx.progress('features', 0, total);
    const generated = await outputsOf(clf, fake);
    ctx.progress('features', n, total);
    const reference = await outputsOf(clf, real);
    ctx.progress('features', total, total);
    const { numClasses, classNames } = clf;
    return { classifier: { name, numClasses, classNames }, generated, reference };
  } finally {
    tf.dispose([fake, real]);
    clf.dispose();
  }
}

/** `d`'s raw outputs on `x`, in batches of 500 (disposes nothing of the caller's). */
async function logitsOf(d: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const n = x.shape[0] as number;
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += 500) {
    const size = Math.min(500, n - start);
    const y = tf.tidy(() => {
      const begin = x.shape.map((_, i) => (i === 0 ? start : 0));
      const sizes = x.shape.map((s, i) => (i === 0 ? size : s));
      return d.predict(tf.slice(x, begin, sizes)) as tf.Tensor;
    });
    try {
      out.set((await y.data()) as Float32Array, start);
    } finally {
      y.dispose();
    }
  }
  return out;
}

/** Real inputs for D: toy points drawn from the density, or test images scaled to [−1, 1]. */
async function realInputs(ctx: EvalContext): Promise<{ x: tf.Tensor; points?: Float32Array }> {
  const { subject, n, seed } = ctx;
  if (subject.toy) {
    const points = subject.toy.sample(createRng(`eval:real:${seed}`), n);
    return { x: tf.tensor2d(points, [n, subject.toy.dim]), points };
  }
  const test = (await ctx.splits()).test;
  const [, h, w, c] = subject.shape as [number, number, number, number];
  const count = Math.min(n, test.count);
  const real = new Float32Array(count * h * w * c);
  for (let i = 0; i < real.length; i++) real[i] = (test.images[i] as number) / 127.5 - 1;
  return { x: tf.tensor4d(real, [count, h, w, c]) };
}

async function discriminate(ctx: EvalContext): Promise<DiscriminatorOutputs> {
  const d = ctx.subject.discriminator as tfl.LayersModel;
  const { x: real, points } = await realInputs(ctx);
  const fake = tf.tensor(ctx.subject.samples, ctx.subject.shape);
  try {
    const out = { real: await logitsOf(d, real), fake: await logitsOf(d, fake) };
    return points ? { ...out, realPoints: points } : out;
  } finally {
    tf.dispose([real, fake]);
  }
}

/**
 * The lazy context of one evaluation of `subject` (see {@link EvalContext}).
 *
 * @example
 * const ctx = createEvalContext(subject, { seed: 0 });
 * const { generated, reference } = await ctx.classifierOutputs(); // computed once
 */
export function createEvalContext(subject: EvalSubject, options: EvaluateOptions): EvalContext {
  const ctx: EvalContext = {
    subject,
    n: subject.shape[0] as number,
    seed: options.seed ?? 0,
    options,
    progress: (stage, done, total) => options.onProgress?.({ stage, done, total }),
    splits: once(() => checkedSplits(subject, options.dataDir)),
    classifierOutputs: once(() => classify(ctx)),
    discriminatorOutputs: once(() => discriminate(ctx)),
  };
  return ctx;
}
