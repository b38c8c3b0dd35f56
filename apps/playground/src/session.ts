import { createRng, parsePrior } from '@gantry/core';
import { createBatchStream, getToyDistribution, type ToyDistribution } from '@gantry/datasets';
import { type GanLoss, getLoss } from '@gantry/losses';
import { buildGan } from '@gantry/models';
import {
  GanTrainer,
  NonFiniteLossError,
  type StepMetrics,
  type TrainHook,
  trainLoop,
} from '@gantry/trainer';
import * as tf from '@tensorflow/tfjs';
import { type Bounds, viewBounds } from './bounds';
import { type Readout, readoutFor } from './readout';
import { isOneDimensional, type Settings } from './settings';

/** What the last discriminator and generator updates measured. */
export interface LastStep {
  lossD: number | null;
  lossG: number | null;
  /** Mean D(x) on the last real batch, as the loss reads it (σ(logit) or the raw score). */
  dReal: number | null;
  dFake: number | null;
  stepMs: number | null;
}

/** Generated samples drawn for the views (fixed noise, so only G's changes move them). */
const VIEW_SAMPLES = { 1: 2000, 2: 1000 } as const;
/** Real samples drawn once for the views. */
const REAL_SAMPLES = { 1: 2000, 2: 1000 } as const;

/**
 * One training session: the toy data, a toy-MLP generator and discriminator, the loss and a
 * `GanTrainer` (Algorithm 1), built from {@link Settings}; plus the readouts the views draw.
 * Every tensor it makes is disposed before a method returns, except the models, the trainer's
 * optimizer slots and the fixed noise batch, which {@link PlaygroundSession.dispose} frees.
 *
 * @example
 * const s = new PlaygroundSession(defaultSettings('ring2d'));
 * s.step(); // k D steps, one G step
 * const fake = s.generatedSamples(); // G(z) for the fixed noise, n·2 values
 * s.dispose();
 */
export class PlaygroundSession {
  readonly settings: Settings;
  readonly distribution: ToyDistribution;
  readonly loss: GanLoss;
  readonly readout: Readout;
  readonly dim: 1 | 2;
  readonly trainer: GanTrainer;
  /** The drawn region; fixed for the session so the picture does not jump. */
  readonly bounds: Bounds;
  /** Real samples for the views, drawn once from the data distribution. */
  readonly realSamples: Float32Array;
  readonly parameters: { generator: number; discriminator: number };
  /** Completed iterations (k D steps + one G step) and single steps taken by the buttons. */
  readonly counts = { iterations: 0, discriminatorSteps: 0, generatorSteps: 0 };
  last: LastStep = { lossD: null, lossG: null, dReal: null, dFake: null, stepMs: null };
  /** Set when a loss became NaN/±Inf; the update was not applied and training must stop. */
  error: string | null = null;
  private readonly viewNoise: tf.Tensor2D;
  private readonly realTensor: tf.Tensor2D;
  private readonly models: tf.LayersModel[];

  constructor(settings: Settings) {
    this.settings = settings;
    this.distribution = getToyDistribution(settings.data);
    this.dim = isOneDimensional(settings.data) ? 1 : 2;
    this.loss = getLoss(settings.loss);
    this.readout = readoutFor(this.loss);
    const hidden = new Array<number>(settings.depth).fill(settings.width);
    const gan = buildGan({
      model: 'toy-mlp',
      dataShape: [this.dim],
      latentDim: settings.latentDim,
      generatorHidden: hidden,
      discriminatorHidden: hidden,
      seed: settings.seed,
    });
    this.parameters = gan.parameters;
    this.models = [gan.generator, gan.discriminator];
    this.trainer = new GanTrainer({
      generator: gan.generator,
      discriminator: gan.discriminator,
      loss: this.loss,
      data: createBatchStream(this.distribution, {
        batchSize: settings.batchSize,
        seed: `data:${settings.seed}`,
      }),
      latentDim: settings.latentDim,
      prior: parsePrior(settings.prior),
      k: settings.k,
      optimizerD: { kind: settings.optimizer, lr: settings.lrD },
      optimizerG: { kind: settings.optimizer, lr: settings.lrG },
      seed: settings.seed,
    });
    this.realSamples = this.distribution.sample(
      createRng(`view:${settings.seed}`),
      REAL_SAMPLES[this.dim],
    );
    this.realTensor = tf.tensor2d(this.realSamples, [REAL_SAMPLES[this.dim], this.dim]);
    this.bounds = viewBounds(this.realSamples, this.dim, {
      include: this.dim === 1 ? [-1.5, 1.5] : [-1, 1],
      pad: this.dim === 1 ? 0.2 : 0.12,
    });
    this.viewNoise = this.trainer.fixedNoise(VIEW_SAMPLES[this.dim]);
  }

  /** A non-finite loss becomes {@link PlaygroundSession.error} (false: stop); anything else is rethrown. */
  private stopOn(e: unknown): false {
    if (!(e instanceof NonFiniteLossError)) throw e;
    this.error = `${e.message}. Lower the learning rates or pick another loss, then reset.`;
    return false;
  }

  /** Runs `update`, turning a non-finite loss into {@link PlaygroundSession.error}. */
  private guard(update: () => void): boolean {
    if (this.error) return false;
    try {
      update();
      return true;
    } catch (e) {
      return this.stopOn(e);
    }
  }

  /** Counts an iteration and keeps its metrics for the readouts. */
  private record(m: StepMetrics): void {
    this.counts.iterations += 1;
    this.counts.discriminatorSteps += this.trainer.k;
    this.counts.generatorSteps += 1;
    this.last = {
      lossD: m.lossD,
      lossG: m.lossG,
      dReal: m.dReal,
      dFake: m.dFake,
      stepMs: m.stepMs,
    };
  }

  /** One iteration of Algorithm 1: k discriminator steps, then one generator step. */
  step(): boolean {
    return this.guard(() => this.record(this.trainer.step()));
  }

  /**
   * Up to `n` iterations through `@gantry/trainer`'s `trainLoop` (the loop of `gantry train`),
   * stopping early when a hook aborts `signal` or a loss turns non-finite (then
   * {@link PlaygroundSession.error} says so). Returns false when training must stop.
   */
  async train(
    n: number,
    options: { signal?: AbortSignal; hooks?: readonly TrainHook<GanTrainer>[] } = {},
  ): Promise<boolean> {
    if (this.error) return false;
    const recorder: TrainHook<GanTrainer> = { metrics: (m) => this.record(m) };
    try {
      await trainLoop(this.trainer, {
        total: this.trainer.steps + n,
        ...(options.signal ? { signal: options.signal } : {}),
        hooks: [recorder, ...(options.hooks ?? [])],
      });
      return true;
    } catch (e) {
      return this.stopOn(e);
    }
  }

  /** One discriminator update only (G fixed). */
  stepDiscriminator(): boolean {
    return this.guard(() => {
      const started = performance.now();
      const d = this.trainer.discriminatorStep();
      this.counts.discriminatorSteps += 1;
      this.last = {
        ...this.last,
        lossD: d.lossD,
        dReal: d.dReal,
        dFake: d.dFake,
        stepMs: performance.now() - started,
      };
    });
  }

  /** One generator update only (D fixed). */
  stepGenerator(): boolean {
    return this.guard(() => {
      const started = performance.now();
      const g = this.trainer.generatorStep();
      this.counts.generatorSteps += 1;
      this.last = { ...this.last, lossG: g.lossG, stepMs: performance.now() - started };
    });
  }

  /** G(z) on the fixed view noise, n·dim values, row-major. */
  generatedSamples(): Float32Array {
    const out = this.trainer.generate(this.viewNoise);
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  }

  /** G on chosen noise vectors (n·latentDim values); n·dim values. */
  generateFrom(z: Float32Array): Float32Array {
    const n = z.length / this.settings.latentDim;
    const zt = tf.tensor2d(z, [n, this.settings.latentDim]);
    const out = this.trainer.generate(zt);
    const values = out.dataSync() as Float32Array;
    tf.dispose([zt, out]);
    return values;
  }

  /** D's raw outputs at `points` (n·dim values). */
  discriminatorAt(points: Float32Array): Float32Array {
    const x = tf.tensor2d(points, [points.length / this.dim, this.dim]);
    const out = this.trainer.discriminate(x);
    const values = out.dataSync() as Float32Array;
    tf.dispose([x, out]);
    return values;
  }

  /** D's raw outputs on the fixed real view samples. */
  discriminatorOnReal(): Float32Array {
    const out = this.trainer.discriminate(this.realTensor);
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  }

  /**
   * The direction each generated point is pushed by the next generator update: −∇ₓ L_G(D(x)) at
   * x = `points` (n·dim values), with D fixed; for the relativistic loss, D's outputs on the real
   * view samples are the context. L_G is a batch mean, so the values scale as 1/n.
   */
  generatorDirections(points: Float32Array): Float32Array {
    const n = points.length / this.dim;
    const x = tf.tensor2d(points, [n, this.dim]);
    const grad = tf.tidy(() => {
      const ctx = this.loss.generatorNeedsReal
        ? { real: this.discriminator.predict(this.realTensor) as tf.Tensor }
        : undefined;
      const lossOf = (input: tf.Tensor) =>
        this.loss.generatorLoss(this.discriminator.predict(input) as tf.Tensor, ctx);
      return tf.neg(tf.grad(lossOf)(x));
    });
    const values = grad.dataSync() as Float32Array;
    tf.dispose([x, grad]);
    return values;
  }

  get generator(): tf.LayersModel {
    return this.models[0] as tf.LayersModel;
  }

  get discriminator(): tf.LayersModel {
    return this.models[1] as tf.LayersModel;
  }

  /** Frees the models, the optimizer state and the fixed tensors. */
  dispose(): void {
    this.trainer.dispose();
    tf.dispose([this.viewNoise, this.realTensor]);
    for (const m of this.models) m.dispose();
  }
}
