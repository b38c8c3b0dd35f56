import { gantryErrorClass } from '@gantry/core';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '@gantry/datasets';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Names of the classifiers shipped in this package's `classifiers/` folder. */
export type ClassifierName = 'mnist' | 'fashion-mnist';

/** Every shipped classifier, in a fixed order. */
export const CLASSIFIER_NAMES: readonly ClassifierName[] = Object.freeze([
  'mnist',
  'fashion-mnist',
]);

/** Codes of {@link ClassifierError}. */
export type ClassifierErrorCode =
  | 'E_UNKNOWN_CLASSIFIER'
  | 'E_SHAPE'
  | 'E_DTYPE'
  | 'E_INVALID_ARGUMENT'
  | 'E_BAD_MODEL_FILE'
  | 'E_DISPOSED';

/**
 * A shipped classifier cannot be loaded or was given bad input; `details` names the option,
 * file or shape at fault.
 */
export class ClassifierError extends gantryErrorClass<ClassifierErrorCode>('ClassifierError', [
  'E_UNKNOWN_CLASSIFIER',
  'E_INVALID_ARGUMENT',
]) {}

/** Options of {@link loadClassifier}. */
export interface LoadClassifierOptions {
  /**
   * Images per forward pass inside `features`/`probabilities`/`predict` (default 256): bounds
   * the memory of the activations (≈ 90 KB per image) whatever the number of images.
   */
  batchSize?: number;
  /**
   * Where to load the TF.js layers model from, e.g. `tf.io.browserHTTPRequest(url)` in a browser
   * with the `classifiers/<name>/` folder served. In Node, `loadClassifier` of
   * `@gantry/eval/node` reads the package's own `classifiers/` folder instead.
   */
  io: tf.io.IOHandler;
}

/**
 * A small convolutional classifier of 28×28 grey images trained by Gantry (see
 * `classifiers/<name>/accuracy.json`): conv 3×3×32 → conv 3×3×32 stride 2 → conv 3×3×64 stride 2
 * (all ReLU) → dense 128 ReLU (the `features` layer) → dense 10 softmax.
 *
 * Input: an N×28×28×1 float32 tensor with pixels scaled to **[−1, 1]** (pixel/127.5 − 1: the
 * range of a tanh generator; {@link toClassifierInput} converts uint8 images). Each method runs
 * in batches of `batchSize`, never disposes its input and returns a new tensor the caller owns.
 */
export interface Classifier {
  readonly name: ClassifierName;
  /** Class names, index = label. */
  readonly classNames: readonly string[];
  /** Width of {@link Classifier.features} (128). */
  readonly featureDim: number;
  /** Number of classes (10). */
  readonly numClasses: number;
  /** Shape of one input image: [28, 28, 1]. */
  readonly inputShape: readonly [number, number, number];
  readonly batchSize: number;
  /** N×featureDim activations of the penultimate (`features`, ReLU) layer, e.g. for FID/KID. */
  features(images: tf.Tensor4D): tf.Tensor2D;
  /** N×numClasses softmax outputs (rows sum to 1), e.g. for an Inception-style score. */
  probabilities(images: tf.Tensor4D): tf.Tensor2D;
  /** N int32 labels: the argmax of {@link Classifier.probabilities}. */
  predict(images: tf.Tensor4D): tf.Tensor1D;
  /** Frees the weights; later calls throw `E_DISPOSED`. Calling it twice is harmless. */
  dispose(): void;
}

const CLASS_NAMES: Record<ClassifierName, readonly string[]> = {
  mnist: MNIST_CLASSES,
  'fashion-mnist': FASHION_MNIST_CLASSES,
};
const HEIGHT = 28;
const WIDTH = 28;
const FEATURE_LAYER = 'features';
const DEFAULT_BATCH = 256;

function isClassifierName(name: unknown): name is ClassifierName {
  return typeof name === 'string' && (CLASSIFIER_NAMES as readonly string[]).includes(name);
}

/**
 * Converts uint8 grey images (N·28·28 bytes, 0..255, e.g. an `ImageSet`'s `images`) to the
 * N×28×28×1 float32 input of a {@link Classifier}, scaled to [−1, 1] (pixel/127.5 − 1).
 *
 * @example
 * const x = toClassifierInput(set.images); // set from loadMnistSample()
 */
export function toClassifierInput(pixels: Uint8Array): tf.Tensor4D {
  const size = HEIGHT * WIDTH;
  if (!(pixels instanceof Uint8Array) || pixels.length % size !== 0) {
    throw new ClassifierError(
      'E_SHAPE',
      `toClassifierInput: pixels must be a Uint8Array of N·${HEIGHT}·${WIDTH} bytes, got ${
        pixels instanceof Uint8Array ? `${pixels.length} bytes` : typeof pixels
      }`,
      { option: 'pixels', length: (pixels as { length?: unknown })?.length },
    );
  }
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 127.5 - 1;
  return tf.tensor4d(out, [pixels.length / size, HEIGHT, WIDTH, 1]);
}

/**
 * Loads one of the classifiers shipped with this package (`'mnist'`: trained on the embedded
 * MNIST sample, 98% on held-out digits; `'fashion-mnist'`: trained on Fashion-MNIST, ~91% on its
 * test set — see `classifiers/<name>/accuracy.json`) through `options.io` (in Node,
 * `@gantry/eval/node`'s `loadClassifier` reads the shipped files). Runs on the current tfjs
 * backend; call `dispose()` when done.
 *
 * @example
 * const clf = await loadClassifier('mnist', { io: tf.io.browserHTTPRequest('classifiers/mnist/model.json') });
 * const x = toClassifierInput((await loadMnistSample()).images.subarray(0, 100 * 784));
 * const p = clf.probabilities(x); // 100×10, rows sum to 1
 * tf.dispose([x, p]); clf.dispose();
 */
export async function loadClassifier(
  name: ClassifierName,
  options: LoadClassifierOptions,
): Promise<Classifier> {
  if (!isClassifierName(name)) {
    throw new ClassifierError(
      'E_UNKNOWN_CLASSIFIER',
      `loadClassifier: unknown classifier ${JSON.stringify(name)}; shipped: ${CLASSIFIER_NAMES.join(', ')}`,
      { option: 'name', value: name, expected: CLASSIFIER_NAMES },
    );
  }
  if (options?.io === undefined) {
    throw new ClassifierError(
      'E_INVALID_ARGUMENT',
      'loadClassifier: options.io is required (in Node, import loadClassifier from @gantry/eval/node to read the shipped files)',
      { option: 'io' },
    );
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ClassifierError(
      'E_INVALID_ARGUMENT',
      `loadClassifier: batchSize must be a positive integer, got ${batchSize}`,
      { option: 'batchSize', value: batchSize },
    );
  }
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(options.io);
  } catch (error) {
    if (error instanceof ClassifierError) throw error;
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `loadClassifier(${name}): cannot build the model: ${(error as Error).message}`,
      { classifier: name },
      error,
    );
  }
  const classNames = CLASS_NAMES[name];
  let featureModel: tfl.LayersModel;
  try {
    featureModel = tfl.model({
      inputs: model.inputs,
      outputs: model.getLayer(FEATURE_LAYER).output as tfl.SymbolicTensor,
    });
  } catch (error) {
    model.dispose();
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `loadClassifier(${name}): the model has no "${FEATURE_LAYER}" layer: ${(error as Error).message}`,
      { classifier: name },
    );
  }
  const inShape = model.inputs[0]?.shape ?? [];
  const outShape = (model.outputs[0]?.shape ?? []) as (number | null)[];
  const featShape = (featureModel.outputs[0]?.shape ?? []) as (number | null)[];
  if (
    inShape.length !== 4 ||
    inShape[1] !== HEIGHT ||
    inShape[2] !== WIDTH ||
    inShape[3] !== 1 ||
    outShape[1] !== classNames.length ||
    typeof featShape[1] !== 'number'
  ) {
    model.dispose();
    throw new ClassifierError(
      'E_BAD_MODEL_FILE',
      `loadClassifier(${name}): expected input [null, ${HEIGHT}, ${WIDTH}, 1] and ${classNames.length} outputs, got input [${inShape.join(', ')}] and output [${outShape.join(', ')}]`,
      { classifier: name, inputShape: inShape, outputShape: outShape },
    );
  }
  return new ShippedClassifier(name, classNames, featShape[1], batchSize, model, featureModel);
}

class ShippedClassifier implements Classifier {
  readonly inputShape = [HEIGHT, WIDTH, 1] as const;
  readonly numClasses: number;
  #disposed = false;

  constructor(
    readonly name: ClassifierName,
    readonly classNames: readonly string[],
    readonly featureDim: number,
    readonly batchSize: number,
    private readonly model: tfl.LayersModel,
    private readonly featureModel: tfl.LayersModel,
  ) {
    this.numClasses = classNames.length;
  }

  features(images: tf.Tensor4D): tf.Tensor2D {
    return this.#run('features', images, this.featureModel, this.featureDim);
  }

  probabilities(images: tf.Tensor4D): tf.Tensor2D {
    return this.#run('probabilities', images, this.model, this.numClasses);
  }

  predict(images: tf.Tensor4D): tf.Tensor1D {
    const p = this.probabilities(images);
    try {
      return tf.argMax(p, 1) as tf.Tensor1D;
    } finally {
      p.dispose();
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    // The feature model shares the layers (and so the weights) of the full model.
    this.model.dispose();
  }

  /** Runs `model` over `images` in batches and concatenates the N×width outputs. */
  #run(method: string, images: tf.Tensor4D, model: tfl.LayersModel, width: number): tf.Tensor2D {
    if (this.#disposed) {
      throw new ClassifierError(
        'E_DISPOSED',
        `${this.name} classifier: ${method}() after dispose()`,
        { classifier: this.name },
      );
    }
    this.#check(method, images);
    const n = images.shape[0];
    if (n === 0) return tf.zeros([0, width]);
    if (n <= this.batchSize) return tf.tidy(() => model.predict(images) as tf.Tensor2D);
    const parts: tf.Tensor2D[] = [];
    try {
      for (let start = 0; start < n; start += this.batchSize) {
        const size = Math.min(this.batchSize, n - start);
        parts.push(
          tf.tidy(
            () =>
              model.predict(tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1])) as tf.Tensor2D,
          ),
        );
      }
      return tf.concat(parts, 0);
    } finally {
      tf.dispose(parts);
    }
  }

  #check(method: string, images: tf.Tensor4D): void {
    // Duck-typed: tfjs-core may be loaded twice (ESM and CJS builds), defeating instanceof.
    if (images === null || typeof images !== 'object' || !Array.isArray(images.shape)) {
      throw new ClassifierError(
        'E_SHAPE',
        `${this.name} classifier: ${method}(images) needs a tf.Tensor4D of N×${HEIGHT}×${WIDTH}×1, got ${typeof images}`,
        { option: 'images', classifier: this.name },
      );
    }
    const s = images.shape;
    if (s.length !== 4 || s[1] !== HEIGHT || s[2] !== WIDTH || s[3] !== 1) {
      throw new ClassifierError(
        'E_SHAPE',
        `${this.name} classifier: ${method}(images) needs N×${HEIGHT}×${WIDTH}×1 images scaled to [-1, 1], got shape [${s.join(', ')}]`,
        { option: 'images', classifier: this.name, shape: [...s] },
      );
    }
    if (images.dtype !== 'float32') {
      throw new ClassifierError(
        'E_DTYPE',
        `${this.name} classifier: ${method}(images) needs float32 images scaled to [-1, 1], got ${images.dtype}`,
        { option: 'images', classifier: this.name, dtype: images.dtype },
      );
    }
  }
}
