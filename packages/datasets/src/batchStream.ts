import { createRng, type Rng, type RngState } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { DatasetError } from './errors';
import { type ImageSet, isImageSet } from './imageSet';
import { isToyDistribution, type ToyDistribution } from './toyDistribution';

/** Pixel scaling: `tanh` x/127.5 − 1 ∈ [−1, 1], `sigmoid` x/255 ∈ [0, 1], `none` raw 0..255. */
export type Normalization = 'tanh' | 'sigmoid' | 'none';

/** Options of {@link createBatchStream}. */
export interface BatchStreamOptions {
  /** Samples per batch B. */
  batchSize: number;
  /** Seed of the shuffles (images) or of the samples (toys). */
  seed: number | string;
  /** Images only: pixel scaling, default `tanh` ([−1, 1], the range of a tanh generator). */
  normalize?: Normalization;
  /** Images only: a fresh seeded permutation every epoch (default true); false keeps file order. */
  shuffle?: boolean;
  /** Images only: drop the last, smaller batch of an epoch (default true) or serve it. */
  dropLast?: boolean;
}

/** JSON-serialisable position of a {@link BatchStream}, for checkpoints. */
export interface BatchStreamState {
  kind: 'image' | 'toy';
  /** Name of the source, checked on restore. */
  source: string;
  batchSize: number;
  /** Completed epochs (always 0 for toys). */
  epoch: number;
  /** Batches served in the current epoch (toys: in total). */
  position: number;
  /** Images: the generator state that makes the current epoch's permutation; toys: the current one. */
  rng: RngState;
}

/** A batch together with the class index of each of its images. */
export interface LabelledBatch {
  /** float32 [B, H, W, C]. */
  images: tf.Tensor4D;
  /** int32 [B]. */
  labels: tf.Tensor1D;
}

/** Batches for training, endless: images [B, H, W, C] or toy points [B, dim], float32. */
export interface BatchStream<S extends ImageSet | ToyDistribution = ImageSet | ToyDistribution>
  extends Iterable<tf.Tensor> {
  /** The next batch; the caller owns and disposes the tensor. Crosses epochs without end. */
  next(): tf.Tensor;
  /** Images with labels only: the next batch and its labels (int32); the caller disposes both. */
  nextWithLabels(): LabelledBatch;
  readonly batchSize: number;
  /** Batches per epoch: ⌊N/B⌋ (dropLast) or ⌈N/B⌉; Infinity for toy distributions. */
  readonly batchesPerEpoch: number;
  /** Completed epochs. */
  readonly epoch: number;
  /** Batches served in the current epoch. */
  readonly position: number;
  /** The data set or distribution, held by reference (never copied). */
  readonly source: S;
  /** A JSON-serialisable snapshot: epoch, position and the generator state of this epoch. */
  getState(): BatchStreamState;
  /** Resumes exactly: the next batches equal those the uninterrupted stream would give. */
  setState(state: BatchStreamState): void;
}

const NORMALIZATIONS: readonly Normalization[] = ['tanh', 'sigmoid', 'none'];

/** Lookup table byte → float for a normalisation. */
function lookupTable(normalize: Normalization): Float32Array {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    lut[v] = normalize === 'tanh' ? v / 127.5 - 1 : normalize === 'sigmoid' ? v / 255 : v;
  }
  return lut;
}

function fail(message: string, details: Record<string, unknown>): never {
  throw new DatasetError('E_INVALID_ARGUMENT', `createBatchStream: ${message}`, details);
}

/**
 * Turns an image set or a toy distribution into an endless stream of float32 batches.
 * Images stay in their one `Uint8Array`: each batch gathers B rows through the epoch's seeded
 * permutation and scales them by a 256-entry table, so memory stays flat over epochs. Toy
 * distributions give B fresh samples per batch. `getState`/`setState` resume exactly.
 *
 * @example
 * const stream = createBatchStream(await loadMnistSample(), { batchSize: 64, seed: 1 });
 * const x = stream.next(); // [64, 28, 28, 1] in [−1, 1]
 * x.dispose();
 */
export function createBatchStream<S extends ImageSet | ToyDistribution>(
  source: S,
  opts: BatchStreamOptions,
): BatchStream<S> {
  const { batchSize, seed } = opts ?? ({} as BatchStreamOptions);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    fail(`batchSize must be a positive integer, got ${String(batchSize)}`, { option: 'batchSize' });
  }
  if (typeof seed !== 'number' && typeof seed !== 'string') {
    fail(`seed must be a number or a string, got ${String(seed)}`, { option: 'seed' });
  }
  if (opts.normalize !== undefined && !NORMALIZATIONS.includes(opts.normalize)) {
    fail(`normalize must be one of ${NORMALIZATIONS.join(', ')}, got ${String(opts.normalize)}`, {
      option: 'normalize',
    });
  }
  if (isImageSet(source)) return new ImageStream(source, opts) as unknown as BatchStream<S>;
  if (isToyDistribution(source)) {
    for (const key of ['shuffle', 'dropLast'] as const) {
      if (opts[key] !== undefined) {
        fail(
          `option ${key} applies to image sets only, not to the toy distribution ${source.name}`,
          {
            option: key,
          },
        );
      }
    }
    if (opts.normalize !== undefined && opts.normalize !== 'none') {
      fail(
        `normalize: '${opts.normalize}' applies to images (0..255); the toy distribution ${source.name} is served in its own coordinates (leave normalize unset or 'none')`,
        { option: 'normalize' },
      );
    }
    return new ToyStream(source, opts) as unknown as BatchStream<S>;
  }
  return fail('source must be an ImageSet or a ToyDistribution', { option: 'source' });
}

function checkState(
  state: BatchStreamState,
  expect: { kind: 'image' | 'toy'; source: string; batchSize: number; batchesPerEpoch: number },
): void {
  const bad = (key: string, what: string): never => {
    throw new DatasetError('E_STATE', `BatchStream.setState: state.${key} ${what}`, {
      option: `state.${key}`,
    });
  };
  if (state === null || typeof state !== 'object') bad('', 'must be an object');
  if (state.kind !== expect.kind)
    bad('kind', `is ${String(state.kind)}, this stream is ${expect.kind}`);
  if (state.source !== expect.source) {
    bad('source', `is "${String(state.source)}", this stream reads "${expect.source}"`);
  }
  if (state.batchSize !== expect.batchSize) {
    bad('batchSize', `is ${String(state.batchSize)}, this stream uses ${expect.batchSize}`);
  }
  if (!Number.isInteger(state.epoch) || state.epoch < 0) bad('epoch', 'must be an integer ≥ 0');
  if (
    !Number.isInteger(state.position) ||
    state.position < 0 ||
    state.position >= expect.batchesPerEpoch
  ) {
    bad('position', `must be an integer in [0, ${expect.batchesPerEpoch})`);
  }
}

abstract class StreamBase {
  abstract next(): tf.Tensor;
  *[Symbol.iterator](): Iterator<tf.Tensor> {
    while (true) yield this.next();
  }
}

class ImageStream extends StreamBase implements BatchStream<ImageSet> {
  readonly source: ImageSet;
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  private readonly shuffle: boolean;
  private readonly lut: Float32Array;
  private readonly rng: Rng;
  private order: Uint32Array | null = null;
  private epochRng: RngState;
  private epochCount = 0;
  private positionCount = 0;

  constructor(source: ImageSet, opts: BatchStreamOptions) {
    super();
    this.source = source;
    this.batchSize = opts.batchSize;
    this.shuffle = opts.shuffle ?? true;
    this.lut = lookupTable(opts.normalize ?? 'tanh');
    const dropLast = opts.dropLast ?? true;
    this.batchesPerEpoch = dropLast
      ? Math.floor(source.count / opts.batchSize)
      : Math.ceil(source.count / opts.batchSize);
    if (this.batchesPerEpoch === 0) {
      fail(
        `${source.name} has ${source.count} images, fewer than one batch of ${opts.batchSize}${dropLast ? ' (with dropLast: true)' : ''}`,
        { option: 'batchSize' },
      );
    }
    this.rng = createRng(opts.seed);
    this.epochRng = this.rng.getState();
  }

  get epoch(): number {
    return this.epochCount;
  }

  get position(): number {
    return this.positionCount;
  }

  /** Indices of the next batch; advances the position and, at the end, the epoch. */
  private advance(): Uint32Array {
    const n = this.source.count;
    if (this.order === null) {
      this.epochRng = this.rng.getState();
      if (this.shuffle) {
        this.order = this.rng.permutation(n);
      } else {
        this.order = new Uint32Array(n);
        for (let i = 0; i < n; i++) this.order[i] = i;
      }
    }
    const start = this.positionCount * this.batchSize;
    const indices = this.order.subarray(start, Math.min(n, start + this.batchSize));
    this.positionCount += 1;
    if (this.positionCount === this.batchesPerEpoch) {
      this.positionCount = 0;
      this.epochCount += 1;
      this.order = null;
    }
    return indices;
  }

  private gather(indices: Uint32Array): tf.Tensor4D {
    const { images, height, width, channels } = this.source;
    const size = height * width * channels;
    const out = new Float32Array(indices.length * size);
    const lut = this.lut;
    for (let b = 0; b < indices.length; b++) {
      const src = (indices[b] as number) * size;
      const dst = b * size;
      for (let i = 0; i < size; i++) out[dst + i] = lut[images[src + i] as number] as number;
    }
    return tf.tensor4d(out, [indices.length, height, width, channels], 'float32');
  }

  next(): tf.Tensor4D {
    return this.gather(this.advance());
  }

  nextWithLabels(): LabelledBatch {
    const { labels } = this.source;
    if (labels === undefined) {
      throw new DatasetError(
        'E_INVALID_ARGUMENT',
        `BatchStream.nextWithLabels: ${this.source.name} has no labels`,
        { option: 'source' },
      );
    }
    const indices = this.advance();
    const ys = new Int32Array(indices.length);
    for (let b = 0; b < indices.length; b++) ys[b] = labels[indices[b] as number] as number;
    return { images: this.gather(indices), labels: tf.tensor1d(ys, 'int32') };
  }

  getState(): BatchStreamState {
    return {
      kind: 'image',
      source: this.source.name,
      batchSize: this.batchSize,
      epoch: this.epochCount,
      position: this.positionCount,
      rng: this.order === null ? this.rng.getState() : this.epochRng,
    };
  }

  setState(state: BatchStreamState): void {
    checkState(state, {
      kind: 'image',
      source: this.source.name,
      batchSize: this.batchSize,
      batchesPerEpoch: this.batchesPerEpoch,
    });
    this.rng.setState(state.rng);
    this.order = null;
    this.epochCount = state.epoch;
    this.positionCount = state.position;
  }
}

class ToyStream extends StreamBase implements BatchStream<ToyDistribution> {
  readonly source: ToyDistribution;
  readonly batchSize: number;
  readonly batchesPerEpoch = Number.POSITIVE_INFINITY;
  readonly epoch = 0;
  private readonly rng: Rng;
  private served = 0;

  constructor(source: ToyDistribution, opts: BatchStreamOptions) {
    super();
    this.source = source;
    this.batchSize = opts.batchSize;
    this.rng = createRng(opts.seed);
  }

  get position(): number {
    return this.served;
  }

  next(): tf.Tensor2D {
    const values = this.source.sample(this.rng, this.batchSize);
    this.served += 1;
    return tf.tensor2d(values, [this.batchSize, this.source.dim], 'float32');
  }

  nextWithLabels(): LabelledBatch {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `BatchStream.nextWithLabels: the toy distribution ${this.source.name} has no labels`,
      { option: 'source' },
    );
  }

  getState(): BatchStreamState {
    return {
      kind: 'toy',
      source: this.source.name,
      batchSize: this.batchSize,
      epoch: 0,
      position: this.served,
      rng: this.rng.getState(),
    };
  }

  setState(state: BatchStreamState): void {
    checkState(state, {
      kind: 'toy',
      source: this.source.name,
      batchSize: this.batchSize,
      batchesPerEpoch: Number.POSITIVE_INFINITY,
    });
    this.rng.setState(state.rng);
    this.served = state.position;
  }
}
