import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Exponential moving average of a model's weights: θ̄ ← βθ̄ + (1 − β)θ after each update
 * (Yazıcı et al. 2019 for GAN generators). `withAverage` runs code with θ̄ swapped in.
 *
 * @example
 * const ema = new WeightEma(generator, 0.999);
 * ema.update(); // after each generator step
 * ema.withAverage(() => generator.predict(z));
 */
export class WeightEma {
  private readonly shadow: tf.Variable[];

  constructor(
    private readonly model: tfl.LayersModel,
    readonly decay: number,
  ) {
    this.shadow = model.weights.map((w) => tf.tidy(() => tf.variable(tf.clone(w.read()), false)));
  }

  /** θ̄ ← βθ̄ + (1 − β)θ for every weight (batch-norm statistics included). */
  update(): void {
    tf.tidy(() => {
      this.model.weights.forEach((w, i) => {
        const s = this.shadow[i] as tf.Variable;
        s.assign(tf.add(tf.mul(s, this.decay), tf.mul(w.read(), 1 - this.decay)));
      });
    });
  }

  /** Runs `fn` with the averaged weights in the model, then restores the live ones. */
  withAverage<T>(fn: () => T): T {
    const live = this.model.weights.map((w) => tf.clone(w.read()));
    this.model.weights.forEach((w, i) => w.write(this.shadow[i] as tf.Variable));
    try {
      return fn();
    } finally {
      this.model.weights.forEach((w, i) => w.write(live[i] as tf.Tensor));
      tf.dispose(live);
    }
  }

  /** Like {@link WeightEma.withAverage} for async work (e.g. saving the averaged model). */
  async withAverageAsync<T>(fn: () => Promise<T>): Promise<T> {
    const live = this.model.weights.map((w) => tf.clone(w.read()));
    this.model.weights.forEach((w, i) => w.write(this.shadow[i] as tf.Variable));
    try {
      return await fn();
    } finally {
      this.model.weights.forEach((w, i) => w.write(live[i] as tf.Tensor));
      tf.dispose(live);
    }
  }

  /** The averaged values, e.g. for a checkpoint. */
  getValues(): Float32Array[] {
    return this.shadow.map((s) => s.dataSync() as Float32Array);
  }

  /** {@link WeightEma.getValues}, read asynchronously (GPU backends). */
  getValuesAsync(): Promise<Float32Array[]> {
    return Promise.all(this.shadow.map(async (s) => (await s.data()) as Float32Array));
  }

  /** Restores averaged values saved with {@link WeightEma.getValues}. */
  setValues(values: readonly Float32Array[]): void {
    tf.tidy(() => {
      this.shadow.forEach((s, i) => s.assign(tf.tensor(values[i] as Float32Array, s.shape)));
    });
  }

  dispose(): void {
    tf.dispose(this.shadow);
  }
}
