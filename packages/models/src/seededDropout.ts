import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Config of {@link SeededDropout}. */
export interface SeededDropoutArgs {
  /** Probability of dropping a unit, in [0, 1). */
  rate: number;
  /** Base seed; each training call uses the next value of the layer's seed stream. */
  seed: number;
  name?: string;
}

/**
 * Inverted dropout whose masks come from a deterministic seed stream, so training is
 * reproducible and resumable: y = x·m/(1 − rate), m ~ Bernoulli(1 − rate), identity at inference.
 * (tfjs-layers' own Dropout either draws from Math.random or reuses one mask forever.)
 *
 * @example
 * const layer = new SeededDropout({ rate: 0.5, seed: 1 });
 * layer.seedStream = () => rng.nextUint32(); // the trainer drives the masks
 */
export class SeededDropout extends tfl.layers.Layer {
  static className = 'GantrySeededDropout';
  readonly rate: number;
  readonly seed: number;
  private counter = 0;
  /** Supplies the seed of each training-time mask; defaults to seed, seed + 1, … */
  seedStream: () => number;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.seedStream = () => this.seed + this.counter++;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (!kwargs['training'] || this.rate === 0) return tf.clone(x);
    const seed = this.seedStream();
    return tf.tidy(() => {
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate),
        'float32',
      );
      return tf.mul(x, tf.div(keep, 1 - this.rate));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

let registered = false;
/** Makes {@link SeededDropout} known to tfjs-layers' deserializer (idempotent). */
export function registerModelLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(SeededDropout);
  registered = true;
}

/** Points every {@link SeededDropout} layer of `model` at `next` for its mask seeds. */
export function setDropoutSeedStream(model: tfl.LayersModel, next: () => number): void {
  for (const layer of model.layers) {
    if (layer instanceof SeededDropout) layer.seedStream = next;
  }
}
