import { createRng, type Rng, sampleNoise } from '@gantry/core';
import { convertChannels, loadMnistSample, resizeImage } from '@gantry/datasets';
import { clipWeights, type GanLoss, getLoss, gradientPenalty, r1Penalty } from '@gantry/losses';
import {
  buildGan,
  type DiscriminatorNorm,
  setDropoutSeedStream,
  trainableVariables,
} from '@gantry/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** One training configuration of the equivalence tests: a shipped model and a shipped loss. */
export interface GanCase {
  model: 'mlp' | 'dcgan';
  dataShape: [28, 28, 1] | [32, 32, 3];
  loss: string;
  batch: number;
  latentDim: number;
  /** mlp: maxout pieces in D (0 = LeakyReLU). */
  maxoutPieces?: number;
  hidden?: number[];
  dropout?: number;
  /** dcgan: D's normalisation. */
  normalization?: DiscriminatorNorm;
  baseFilters?: number;
  /** EMA decay of G's weights (0 = none). */
  ema?: number;
  /** R1 penalty γ added to D's loss (the shipped losses carry it only as a regulariser option). */
  r1?: number;
  /** SGD with momentum at this learning rate instead of the loss's paper optimizer. */
  sgd?: number;
}

/** A GAN being trained: `step()` queues one iteration of Algorithm 1 with no readback at all. */
export interface GanRun {
  step(): void;
  /** Every trainable weight of D then G, then the EMA copies, read back (await). */
  weights(): Promise<Float32Array[]>;
  /** The last D and G losses (scalars kept on the device). */
  lastLosses(): tf.Scalar[];
  dispose(): void;
}

/**
 * `count` real MNIST digits (the embedded sample, every 97th image so all classes appear) as an
 * [count, h, w, c] tensor in [−1, 1]; 32×32×3 is the digit resized (bilinear) and repeated to RGB.
 */
export async function realImages(
  count: number,
  shape: GanCase['dataShape'],
): Promise<Float32Array> {
  const set = await loadMnistSample();
  const [h, w, c] = shape;
  const out = new Float32Array(count * h * w * c);
  for (let i = 0; i < count; i++) {
    const index = (i * 97) % set.count;
    let pixels = set.images.subarray(index * 784, (index + 1) * 784);
    if (h !== 28) pixels = resizeImage(pixels, [28, 28, 1], [h, w]);
    if (c === 3) pixels = convertChannels(pixels, 1, 3);
    for (let j = 0; j < pixels.length; j++) {
      out[i * h * w * c + j] = (pixels[j] as number) / 127.5 - 1;
    }
  }
  return out;
}

/**
 * The loss's paper optimizer at 100× its learning rate (so 20 steps move the weights far beyond
 * rounding), or SGD with momentum 0.9 at η = `sgd` (Goodfellow et al.'s optimizer).
 */
function optimizerFor(loss: GanLoss, sgd: number | undefined): tf.Optimizer {
  if (sgd !== undefined) return tf.train.momentum(sgd, 0.9);
  const d = loss.paperDefaults;
  const lr = d.lr * 100;
  if (d.optimizer === 'rmsprop') return tf.train.rmsprop(lr, d.decay);
  if (d.optimizer === 'sgd') return tf.train.momentum(lr, d.momentum);
  return tf.train.adam(lr, d.beta1, d.beta2);
}

interface Parts {
  g: tfl.LayersModel;
  d: tfl.LayersModel;
  loss: GanLoss;
  varsD: tf.Variable[];
  varsG: tf.Variable[];
  optD: tf.Optimizer;
  optG: tf.Optimizer;
  noise: Rng;
  penalty: Rng;
}

function discriminatorStep(p: Parts, real: tf.Tensor, spec: GanCase): tf.Scalar {
  const z = sampleNoise(p.noise, { kind: 'normal' }, spec.batch, spec.latentDim);
  const fake = tf.tidy(() => p.g.apply(z, { training: true }) as tf.Tensor);
  const critic = (x: tf.Tensor) => p.d.apply(x, { training: true }) as tf.Tensor;
  const { value, grads } = tf.variableGrads(() => {
    let loss = p.loss.discriminatorLoss(critic(real), critic(fake));
    const gp = p.loss.regularizers.gradientPenalty;
    if (gp)
      loss = tf.add(
        loss,
        gradientPenalty(critic, real, fake, { lambda: gp.lambda, rng: p.penalty }),
      );
    if (spec.r1) loss = tf.add(loss, r1Penalty(critic, real, { gamma: spec.r1 }));
    return loss as tf.Scalar;
  }, p.varsD);
  p.optD.applyGradients(grads);
  tf.dispose([z, fake, ...Object.values(grads)]);
  const clip = p.loss.regularizers.weightClip;
  if (clip) clipWeights(p.varsD, clip.c);
  return value;
}

function generatorStep(p: Parts, real: tf.Tensor, spec: GanCase): tf.Scalar {
  const z = sampleNoise(p.noise, { kind: 'normal' }, spec.batch, spec.latentDim);
  const { value, grads } = tf.variableGrads(() => {
    const fakeOut = p.d.apply(p.g.apply(z, { training: true }), { training: true }) as tf.Tensor;
    const ctx = p.loss.generatorNeedsReal
      ? { real: p.d.apply(real, { training: true }) as tf.Tensor }
      : undefined;
    return p.loss.generatorLoss(fakeOut, ctx);
  }, p.varsG);
  p.optG.applyGradients(grads);
  tf.dispose([z, ...Object.values(grads)]);
  return value;
}

/** wᵢ ← wᵢ·(1 ± ε), signs drawn from `rng`: a rounding-sized nudge to measure how training amplifies it. */
function perturbWeights(vars: tf.Variable[], eps: number, rng: Rng): void {
  tf.tidy(() => {
    for (const v of vars) {
      const signs = Float32Array.from({ length: v.size }, () => (rng.next() < 0.5 ? -eps : eps));
      v.assign(tf.mul(v, tf.add(1, tf.tensor(signs, v.shape))));
    }
  });
}

/**
 * Builds the models of `spec` (seeded: the same initial weights on every backend) and returns a
 * run whose steps are k = 1 iterations of Algorithm 1 on `data` (batches taken in order, cycling):
 * penalties, clipping and EMA (θ̄ ← βθ̄ + (1 − β)θ) as the trainer applies them. Noise, dropout
 * masks and penalty interpolates come from seeded CPU generators, identical on every backend.
 * `perturb` = ε nudges every initial weight by a relative ±ε (the baseline of the equivalence tests).
 */
export function createGanRun(
  spec: GanCase,
  data: Float32Array,
  { seed = 1, perturb = 0 }: { seed?: number; perturb?: number } = {},
): GanRun {
  const { generator: g, discriminator: d } = buildGan({
    model: spec.model,
    dataShape: spec.dataShape,
    latentDim: spec.latentDim,
    maxoutPieces: spec.maxoutPieces,
    generatorHidden: spec.hidden,
    discriminatorHidden: spec.hidden,
    dropout: spec.dropout,
    normalization: spec.normalization,
    baseFilters: spec.baseFilters,
    seed,
  });
  const loss = getLoss(spec.loss);
  const root = createRng(`equivalence:${seed}`);
  const dropout = root.split();
  setDropoutSeedStream(d, () => dropout.nextUint32());
  const p: Parts = {
    g,
    d,
    loss,
    varsD: trainableVariables(d),
    varsG: trainableVariables(g),
    optD: optimizerFor(loss, spec.sgd),
    optG: optimizerFor(loss, spec.sgd),
    noise: root.split(),
    penalty: root.split(),
  };
  if (perturb > 0) perturbWeights([...p.varsD, ...p.varsG], perturb, createRng(`perturb:${seed}`));
  const ema = spec.ema
    ? tf.tidy(() => g.weights.map((w) => tf.variable(tf.clone(w.read()), false)))
    : [];
  const sampleSize = spec.dataShape.reduce<number>((a, b) => a * b, 1);
  const batches = Math.floor(data.length / sampleSize / spec.batch);
  let step = 0;
  let losses: tf.Scalar[] = [];
  return {
    step() {
      const offset = (step % batches) * spec.batch * sampleSize;
      const real = tf.tensor(data.subarray(offset, offset + spec.batch * sampleSize), [
        spec.batch,
        ...spec.dataShape,
      ]);
      tf.dispose(losses);
      losses = [discriminatorStep(p, real, spec), generatorStep(p, real, spec)];
      const beta = spec.ema ?? 0;
      tf.tidy(() => {
        ema.forEach((s, i) => {
          s.assign(
            tf.add(tf.mul(s, beta), tf.mul((g.weights[i] as tfl.LayerVariable).read(), 1 - beta)),
          );
        });
      });
      real.dispose();
      step += 1;
    },
    async weights() {
      const all = [...p.varsD, ...p.varsG, ...ema];
      return Promise.all(all.map(async (v) => (await v.data()) as Float32Array));
    },
    lastLosses: () => losses,
    dispose() {
      tf.dispose([...losses, ...ema]);
      for (const opt of [p.optD, p.optG]) {
        opt.dispose();
        // tfjs 4.22's MomentumOptimizer.dispose() forgets SGD's learning-rate scalar `c`.
        if (opt.getClassName() === 'Momentum') (opt as unknown as { c: tf.Tensor }).c.dispose();
      }
      g.dispose();
      d.dispose();
    },
  };
}
