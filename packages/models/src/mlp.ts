import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit } from './_init';
import { checkPositiveInts, checkRange } from './_validate';
import { SeededDropout } from './seededDropout';

/** Output non-linearity of a generator: tanh for data in [−1, 1], sigmoid for [0, 1]. */
export type OutputActivation = 'tanh' | 'sigmoid' | 'linear';

/** Options of {@link mlpGenerator}. */
export interface MlpGeneratorOptions {
  /** Dimension of z. */
  latentDim: number;
  /** Shape of one generated sample, e.g. [28, 28, 1] or [2]. */
  outputShape: readonly number[];
  /** Widths of the ReLU hidden layers (default Goodfellow's MNIST [1200, 1200]). */
  hidden?: readonly number[];
  outputActivation?: OutputActivation;
  /** Batch norm after each hidden dense layer (default false). */
  batchNorm?: boolean;
  seed: number | string;
}

/**
 * Goodfellow et al.'s MLP generator: z → [dense → ReLU]* → dense → tanh/sigmoid → reshape.
 *
 * @example
 * const g = mlpGenerator({ latentDim: 100, outputShape: [28, 28, 1], hidden: [256, 512], seed: 1 });
 */
export function mlpGenerator(options: MlpGeneratorOptions): tfl.LayersModel {
  const { latentDim, outputShape, hidden = [1200, 1200], outputActivation = 'tanh' } = options;
  checkPositiveInts([latentDim], 'latentDim');
  checkPositiveInts(outputShape, 'outputShape');
  checkPositiveInts(hidden, 'hidden');
  const init = seededInit(`g:${options.seed}`);
  const outSize = outputShape.reduce((a, b) => a * b, 1);
  const model = tfl.sequential({ name: 'generator' });
  hidden.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        name: `g_dense${i + 1}`,
        kernelInitializer: init.glorot(),
        ...(i === 0 ? { inputShape: [latentDim] } : {}),
      }),
    );
    if (options.batchNorm) model.add(tfl.layers.batchNormalization({ name: `g_bn${i + 1}` }));
    model.add(tfl.layers.reLU({ name: `g_relu${i + 1}` }));
  });
  model.add(
    tfl.layers.dense({
      units: outSize,
      name: 'g_out',
      activation: outputActivation,
      kernelInitializer: init.glorot(),
      ...(hidden.length === 0 ? { inputShape: [latentDim] } : {}),
    }),
  );
  if (outputShape.length > 1)
    model.add(tfl.layers.reshape({ targetShape: [...outputShape], name: 'g_reshape' }));
  return model;
}

/** Options of {@link mlpDiscriminator}. */
export interface MlpDiscriminatorOptions {
  /** Shape of one input sample, e.g. [28, 28, 1] or [2]. */
  inputShape: readonly number[];
  /** Widths of the hidden layers (default Goodfellow's MNIST [240, 240]). */
  hidden?: readonly number[];
  /** Maxout pieces per unit (default 5); 0 uses LeakyReLU(0.2) units instead. */
  maxoutPieces?: number;
  /** Dropout rate after each hidden layer (default 0.5). */
  dropout?: number;
  /** Dropout rate on the input (default 0.2). */
  inputDropout?: number;
  seed: number | string;
}

/**
 * Goodfellow et al.'s MLP discriminator: flatten → [maxout(k) → dropout]* → dense(1), a raw
 * logit/score. Maxout h = maxⱼ (Wⱼx + bⱼ) is built from dense(units·k) → reshape([k, units]) →
 * global max over the k pieces, so it saves and loads with stock tfjs-layers.
 *
 * @example
 * const d = mlpDiscriminator({ inputShape: [28, 28, 1], hidden: [240, 240], seed: 1 });
 */
export function mlpDiscriminator(options: MlpDiscriminatorOptions): tfl.LayersModel {
  const {
    inputShape,
    hidden = [240, 240],
    maxoutPieces = 5,
    dropout = 0.5,
    inputDropout = 0.2,
  } = options;
  checkPositiveInts(inputShape, 'inputShape');
  checkPositiveInts(hidden, 'hidden');
  if (maxoutPieces !== 0) checkPositiveInts([maxoutPieces], 'maxoutPieces');
  checkRange(dropout, 'dropout', 0, 1);
  checkRange(inputDropout, 'inputDropout', 0, 1);
  const init = seededInit(`d:${options.seed}`);
  const model = tfl.sequential({ name: 'discriminator' });
  model.add(
    inputShape.length > 1
      ? tfl.layers.flatten({ inputShape: [...inputShape], name: 'd_flatten' })
      : tfl.layers.inputLayer({ inputShape: [...inputShape], name: 'd_input' }),
  );
  if (inputDropout > 0) {
    model.add(new SeededDropout({ rate: inputDropout, seed: init.nextSeed(), name: 'd_drop0' }));
  }
  hidden.forEach((units, i) => {
    const n = i + 1;
    if (maxoutPieces > 0) {
      model.add(
        tfl.layers.dense({
          units: units * maxoutPieces,
          name: `d_maxout${n}_linear`,
          kernelInitializer: init.glorot(),
        }),
      );
      model.add(
        tfl.layers.reshape({ targetShape: [maxoutPieces, units], name: `d_maxout${n}_pieces` }),
      );
      model.add(tfl.layers.globalMaxPooling1d({ name: `d_maxout${n}` }));
    } else {
      model.add(tfl.layers.dense({ units, name: `d_dense${n}`, kernelInitializer: init.glorot() }));
      model.add(tfl.layers.leakyReLU({ alpha: 0.2, name: `d_lrelu${n}` }));
    }
    if (dropout > 0)
      model.add(new SeededDropout({ rate: dropout, seed: init.nextSeed(), name: `d_drop${n}` }));
  });
  model.add(tfl.layers.dense({ units: 1, name: 'd_out', kernelInitializer: init.glorot() }));
  return model;
}
