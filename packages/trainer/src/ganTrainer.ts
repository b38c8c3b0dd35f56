import { createRng, type NoisePrior, type Rng, type RngState, sampleNoise } from '@gantry/core';
import type { BatchStream, BatchStreamState } from '@gantry/datasets';
import {
  clipWeights,
  type GanLoss,
  gradientPenalty,
  meanDiscriminatorOutput,
  r1Penalty,
} from '@gantry/losses';
import { setDropoutSeedStream, trainableVariables } from '@gantry/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { DeviceScalars, type IterationScalars } from './deviceScalars';
import { WeightEma } from './ema';
import { TrainerError } from './errors';
import {
  createOptimizer,
  type GanOptimizer,
  type OptimizerSpec,
  type OptimizerState,
} from './optimizers';
import { NonFiniteLossError, type StepMetrics } from './stepMetrics';

export { NonFiniteLossError, type StepMetrics } from './stepMetrics';

/** Everything a {@link GanTrainer} needs. */
export interface GanTrainerOptions {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  loss: GanLoss;
  /** Real batches; the trainer disposes each batch it takes. */
  data: BatchStream;
  latentDim: number;
  /** Noise prior p_z (default N(0, 1)). */
  prior?: NoisePrior;
  /** Discriminator steps per generator step (Algorithm 1's k, default 1). */
  k?: number;
  optimizerD: OptimizerSpec;
  optimizerG: OptimizerSpec;
  /** Seeds the noise, the dropout masks and the penalty interpolates. */
  seed: number | string;
  /** Decay β of an EMA of the generator's weights; 0 or absent = no EMA. */
  ema?: number;
  /**
   * Keep the per-step scalars on the device and read them only through `readMetrics()` (no
   * GPU→CPU sync per step; for GPU backends). Default false: `step()` reads them every step.
   */
  deferReadback?: boolean;
}

/** Exactly restorable training state (the weights themselves are saved with the models). */
export interface TrainerState {
  step: number;
  rng: { noise: RngState; dropout: RngState; penalty: RngState };
  data: BatchStreamState;
  optimizerD: OptimizerState;
  optimizerG: OptimizerState;
  ema?: Float32Array[];
}

/**
 * Algorithm 1 of Goodfellow et al. (2014), generalised to any loss of `@gantry/losses`: per
 * iteration, k discriminator steps on m real and m generated samples (penalties added and
 * weight clipping applied as the loss asks), then one generator step. Browser-safe; the Node
 * runner (`@gantry/trainer/node`) adds files, checkpoints and signals on top.
 *
 * @example
 * const trainer = new GanTrainer({ generator, discriminator, loss: getLoss('non-saturating'),
 *   data: createBatchStream(ring2d(), { batchSize: 64, seed: 1 }), latentDim: 2,
 *   optimizerD: { kind: 'adam', lr: 1e-3 }, optimizerG: { kind: 'adam', lr: 1e-3 }, seed: 1 });
 * const metrics = trainer.step();
 */
export class GanTrainer {
  readonly generator: tfl.LayersModel;
  readonly discriminator: tfl.LayersModel;
  readonly loss: GanLoss;
  readonly data: BatchStream;
  readonly latentDim: number;
  readonly prior: NoisePrior;
  readonly k: number;
  readonly ema?: WeightEma;
  private readonly optD: GanOptimizer;
  private readonly optG: GanOptimizer;
  private readonly varsD: tf.Variable[];
  private readonly varsG: tf.Variable[];
  private readonly noiseRng: Rng;
  private readonly dropoutRng: Rng;
  private readonly penaltyRng: Rng;
  private readonly seed: number | string;
  private stepCount = 0;
  private readonly deviceScalars?: DeviceScalars;

  constructor(options: GanTrainerOptions) {
    const k = options.k ?? 1;
    if (!Number.isInteger(k) || k < 1) {
      throw new TrainerError(
        'E_BAD_CONFIG',
        `k (discriminator steps per generator step) must be an integer >= 1, got ${k}`,
        {
          option: 'k',
        },
      );
    }
    this.generator = options.generator;
    this.discriminator = options.discriminator;
    this.loss = options.loss;
    this.data = options.data;
    this.latentDim = options.latentDim;
    this.prior = options.prior ?? { kind: 'normal' };
    this.k = k;
    this.seed = options.seed;
    if (options.deferReadback) this.deviceScalars = new DeviceScalars();
    this.optD = createOptimizer(options.optimizerD);
    this.optG = createOptimizer(options.optimizerG);
    this.varsD = trainableVariables(this.discriminator);
    this.varsG = trainableVariables(this.generator);
    const root = createRng(`trainer:${options.seed}`);
    this.noiseRng = root.split();
    this.dropoutRng = root.split();
    this.penaltyRng = root.split();
    const nextSeed = () => this.dropoutRng.nextUint32();
    setDropoutSeedStream(this.discriminator, nextSeed);
    setDropoutSeedStream(this.generator, nextSeed);
    if (options.ema !== undefined && options.ema > 0) {
      if (!(options.ema < 1)) {
        throw new TrainerError('E_BAD_CONFIG', `ema decay must be in (0, 1), got ${options.ema}`, {
          option: 'ema',
        });
      }
      this.ema = new WeightEma(this.generator, options.ema);
    }
  }

  /** Generator steps done so far. */
  get steps(): number {
    return this.stepCount;
  }

  private noise(batch: number): tf.Tensor2D {
    return sampleNoise(this.noiseRng, this.prior, batch, this.latentDim);
  }

  /** One discriminator step: minimise the D loss (+ penalties) on a real and a fake batch. */
  discriminatorStep(): { lossD: number; dReal: number; dFake: number; penalty: number } {
    const kept = this.discriminatorStepOnDevice(true);
    try {
      const [lossD, dReal, dFake, penalty] = kept.map((t) => t.dataSync()[0] as number);
      return {
        lossD: lossD as number,
        dReal: dReal as number,
        dFake: dFake as number,
        penalty: penalty as number,
      };
    } finally {
      tf.dispose(kept);
    }
  }

  /**
   * The D step, its scalars [lossD, mean D(x), mean D(G(z)), penalty] kept for the caller. With
   * `check`, lossD is read before the update and a non-finite one throws with no update applied.
   */
  private discriminatorStepOnDevice(check: boolean): tf.Scalar[] {
    const real = this.data.next();
    try {
      const batch = real.shape[0] as number;
      const z = this.noise(batch);
      const fake = tf.tidy(() => this.generator.apply(z, { training: true }) as tf.Tensor);
      z.dispose();
      const parts: tf.Scalar[] = [];
      try {
        const { value, grads } = tf.variableGrads(() => {
          const critic = (x: tf.Tensor) =>
            this.discriminator.apply(x, { training: true }) as tf.Tensor;
          const realOut = critic(real);
          const fakeOut = critic(fake);
          let loss = this.loss.discriminatorLoss(realOut, fakeOut);
          let penalty: tf.Scalar = tf.scalar(0);
          const { gradientPenalty: gp, r1 } = this.loss.regularizers;
          if (gp)
            penalty = tf.add(
              penalty,
              gradientPenalty(critic, real, fake, { lambda: gp.lambda, rng: this.penaltyRng }),
            );
          if (r1) penalty = tf.add(penalty, r1Penalty(critic, real, { gamma: r1.gamma }));
          loss = tf.add(loss, penalty);
          parts.push(
            tf.keep(meanDiscriminatorOutput(realOut, this.loss.output)),
            tf.keep(meanDiscriminatorOutput(fakeOut, this.loss.output)),
            tf.keep(penalty),
          );
          return loss;
        }, this.varsD);
        parts.unshift(value);
        const gradList = this.varsD.map((v) => grads[v.name] as tf.Tensor);
        try {
          this.checkLoss(check, 'lossD', value);
          this.optD.apply(this.varsD, gradList);
        } finally {
          tf.dispose(gradList);
        }
        const clip = this.loss.regularizers.weightClip;
        if (clip) clipWeights(this.varsD, clip.c);
        return parts.splice(0);
      } finally {
        tf.dispose(parts);
        fake.dispose();
      }
    } finally {
      real.dispose();
    }
  }

  /** With `check`: throws when `loss` is not finite (one read); else folds it into the device flag. */
  private checkLoss(check: boolean, which: 'lossD' | 'lossG', loss: tf.Scalar): void {
    if (!check) {
      this.deviceScalars?.noteLoss(loss);
      return;
    }
    const value = loss.dataSync()[0] as number;
    if (!Number.isFinite(value)) throw new NonFiniteLossError(which, value, this.stepCount + 1);
  }

  /** One generator step: minimise the G loss through a fixed D. */
  generatorStep(batchSize = this.data.batchSize): { lossG: number } {
    const loss = this.generatorStepOnDevice(true, batchSize);
    const lossG = loss.dataSync()[0] as number;
    loss.dispose();
    return { lossG };
  }

  /** The G step, its loss kept for the caller; `check` as for the D step. */
  private generatorStepOnDevice(check: boolean, batchSize = this.data.batchSize): tf.Scalar {
    const z = this.noise(batchSize);
    const needsReal = this.loss.generatorNeedsReal;
    const real = needsReal ? this.data.next() : undefined;
    try {
      const { value, grads } = tf.variableGrads(() => {
        const fake = this.generator.apply(z, { training: true }) as tf.Tensor;
        const fakeOut = this.discriminator.apply(fake, { training: true }) as tf.Tensor;
        const ctx = real
          ? { real: this.discriminator.apply(real, { training: true }) as tf.Tensor }
          : undefined;
        return this.loss.generatorLoss(fakeOut, ctx);
      }, this.varsG);
      const gradList = this.varsG.map((v) => grads[v.name] as tf.Tensor);
      try {
        this.checkLoss(check, 'lossG', value);
        this.optG.apply(this.varsG, gradList);
      } catch (error) {
        value.dispose();
        throw error;
      } finally {
        tf.dispose(gradList);
      }
      this.ema?.update();
      return value;
    } finally {
      z.dispose();
      real?.dispose();
    }
  }

  /** True when the scalars stay on the device: drive it with `queueStep()` and `readMetrics()`. */
  get defersReadback(): boolean {
    return this.deviceScalars !== undefined;
  }

  /** One iteration of Algorithm 1: k discriminator steps, then one generator step. */
  step(): StepMetrics {
    if (this.deviceScalars) {
      this.queueStep();
      return this.deviceScalars.readSync() as StepMetrics;
    }
    const started = performance.now();
    let d = { lossD: 0, dReal: 0, dFake: 0, penalty: 0 };
    for (let i = 0; i < this.k; i++) d = this.discriminatorStep();
    const { lossG } = this.generatorStep();
    this.stepCount += 1;
    return {
      step: this.stepCount,
      epoch: this.data.epoch,
      lossD: d.lossD,
      lossG,
      dReal: d.dReal,
      dFake: d.dFake,
      penalty: d.penalty,
      stepMs: performance.now() - started,
    };
  }

  /**
   * One iteration with no GPU→CPU read (needs `deferReadback`): the same updates as `step()`, its
   * scalars kept on the device for {@link GanTrainer.readMetrics}; a non-finite loss is found there.
   */
  queueStep(): void {
    const scalars = this.deviceScalars;
    if (!scalars) throw new TrainerError('E_BAD_CONFIG', 'queueStep() needs deferReadback', {});
    let d: tf.Scalar[] = [];
    for (let i = 0; i < this.k; i++) {
      tf.dispose(d);
      d = this.discriminatorStepOnDevice(false);
    }
    const lossG = this.generatorStepOnDevice(false);
    this.stepCount += 1;
    const [lossD, dReal, dFake, penalty] = d as [tf.Scalar, tf.Scalar, tf.Scalar, tf.Scalar];
    const kept: IterationScalars = { lossD, dReal, dFake, penalty, lossG };
    scalars.keep(kept, this.stepCount, this.data.epoch);
  }

  /** The latest queued iteration's scalars, read asynchronously (throws on a non-finite loss). */
  async readMetrics(): Promise<StepMetrics | undefined> {
    return this.deviceScalars?.read();
  }

  /** A fixed noise batch (the same for a given seed), e.g. for sample grids across a run. */
  fixedNoise(n: number): tf.Tensor2D {
    return sampleNoise(createRng(`fixed-noise:${this.seed}`), this.prior, n, this.latentDim);
  }

  /** G(z) in inference mode (with the EMA weights when enabled); the caller disposes it. */
  generate(z: tf.Tensor): tf.Tensor {
    const run = () => tf.tidy(() => this.generator.predict(z) as tf.Tensor);
    return this.ema ? this.ema.withAverage(run) : run();
  }

  /** Raw discriminator outputs in inference mode; the caller disposes them. */
  discriminate(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.discriminator.predict(x) as tf.Tensor);
  }

  /** The part of the state that lives on the host: step count, RNGs, the data stream. */
  private hostState(): Pick<TrainerState, 'step' | 'rng' | 'data'> {
    return {
      step: this.stepCount,
      rng: {
        noise: this.noiseRng.getState(),
        dropout: this.dropoutRng.getState(),
        penalty: this.penaltyRng.getState(),
      },
      data: this.data.getState(),
    };
  }

  /** Everything besides the weights that an exact resume needs. */
  getState(): TrainerState {
    this.deviceScalars?.assertFinite();
    return {
      ...this.hostState(),
      optimizerD: this.optD.getState(),
      optimizerG: this.optG.getState(),
      ...(this.ema ? { ema: this.ema.getValues() } : {}),
    };
  }

  /** {@link GanTrainer.getState} with asynchronous reads: what checkpoints use on every backend. */
  async getStateAsync(): Promise<TrainerState> {
    await this.deviceScalars?.assertFiniteAsync();
    const sync = this.hostState();
    const [optimizerD, optimizerG, ema] = await Promise.all([
      this.optD.getStateAsync(),
      this.optG.getStateAsync(),
      this.ema?.getValuesAsync(),
    ]);
    return { ...sync, optimizerD, optimizerG, ...(ema ? { ema } : {}) };
  }

  /** Restores a state from {@link GanTrainer.getState} (load the weights into the models first). */
  setState(state: TrainerState): void {
    this.stepCount = state.step;
    this.noiseRng.setState(state.rng.noise);
    this.dropoutRng.setState(state.rng.dropout);
    this.penaltyRng.setState(state.rng.penalty);
    this.data.setState(state.data);
    this.optD.setState(state.optimizerD);
    this.optG.setState(state.optimizerG);
    if (this.ema && state.ema) this.ema.setValues(state.ema);
  }

  /** Frees the optimizer slots and EMA copies (not the models). */
  dispose(): void {
    this.optD.dispose();
    this.optG.dispose();
    this.ema?.dispose();
    this.deviceScalars?.dispose();
  }
}
