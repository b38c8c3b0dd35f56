import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit } from './_init';
import { checkPositiveInts } from './_validate';
import { ModelError } from './errors';
import type { OutputActivation } from './mlp';

/** Image shapes the DCGAN builders support. */
export const DCGAN_SHAPES = ['28x28x1', '32x32x3'] as const;

function shapeKey(shape: readonly number[]): (typeof DCGAN_SHAPES)[number] {
  const key = shape.join('x');
  if (!(DCGAN_SHAPES as readonly string[]).includes(key)) {
    throw new ModelError(
      'E_BAD_MODEL_OPTION',
      `dcgan supports image shapes ${DCGAN_SHAPES.join(', ')} (HxWxC); got ${key}`,
      { option: 'shape', value: key },
    );
  }
  return key as (typeof DCGAN_SHAPES)[number];
}

/** Options of {@link dcganGenerator}. */
export interface DcganGeneratorOptions {
  /** Dimension of z (default 100). */
  latentDim?: number;
  /** [28, 28, 1] or [32, 32, 3]. */
  outputShape: readonly number[];
  /** Filters of the last hidden transposed conv; earlier ones double (default 64). */
  baseFilters?: number;
  outputActivation?: OutputActivation;
  seed: number | string;
}

/**
 * DCGAN generator (Radford et al. 2016): z → dense → BN → ReLU → reshape to a 7×7 (or 4×4) map
 * → [5×5 transposed conv, stride 2 → BN → ReLU]* → 5×5 transposed conv to C channels → tanh.
 * 28×28×1: 7×7×2f → 14×14×f → 28×28×1. 32×32×3: 4×4×4f → 8×8×2f → 16×16×f → 32×32×3.
 *
 * @example
 * const g = dcganGenerator({ outputShape: [28, 28, 1], seed: 1 });
 */
export function dcganGenerator(options: DcganGeneratorOptions): tfl.LayersModel {
  const { latentDim = 100, outputShape, baseFilters = 64, outputActivation = 'tanh' } = options;
  checkPositiveInts([latentDim, baseFilters], 'latentDim/baseFilters');
  const key = shapeKey(outputShape);
  const init = seededInit(`g:${options.seed}`);
  const [start, filters] =
    key === '28x28x1'
      ? [7, [2 * baseFilters, baseFilters]]
      : [4, [4 * baseFilters, 2 * baseFilters, baseFilters]];
  const channels = outputShape[2] as number;
  const model = tfl.sequential({ name: 'generator' });
  model.add(
    tfl.layers.dense({
      inputShape: [latentDim],
      units: start * start * (filters[0] as number),
      useBias: false,
      name: 'g_project',
      kernelInitializer: init.dcgan(),
    }),
  );
  model.add(tfl.layers.batchNormalization({ name: 'g_bn0' }));
  model.add(tfl.layers.reLU({ name: 'g_relu0' }));
  model.add(
    tfl.layers.reshape({ targetShape: [start, start, filters[0] as number], name: 'g_reshape' }),
  );
  filters.slice(1).forEach((f, i) => {
    model.add(
      tfl.layers.conv2dTranspose({
        filters: f,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        useBias: false,
        name: `g_deconv${i + 1}`,
        kernelInitializer: init.dcgan(),
      }),
    );
    model.add(tfl.layers.batchNormalization({ name: `g_bn${i + 1}` }));
    model.add(tfl.layers.reLU({ name: `g_relu${i + 1}` }));
  });
  model.add(
    tfl.layers.conv2dTranspose({
      filters: channels,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: outputActivation,
      name: 'g_out',
      kernelInitializer: init.dcgan(),
    }),
  );
  return model;
}

/** Normalisation inside the DCGAN discriminator; use `layer` or `none` with a gradient penalty. */
export type DiscriminatorNorm = 'batch' | 'layer' | 'none';

/** Options of {@link dcganDiscriminator}. */
export interface DcganDiscriminatorOptions {
  /** [28, 28, 1] or [32, 32, 3]. */
  inputShape: readonly number[];
  /** Filters of the first conv; later ones double (default 64). */
  baseFilters?: number;
  /** Default `batch` (Radford et al.); WGAN-GP wants `layer` or `none` (Gulrajani et al. §4). */
  normalization?: DiscriminatorNorm;
  seed: number | string;
}

/**
 * DCGAN discriminator: [5×5 conv, stride 2 → (norm) → LeakyReLU(0.2)]* → flatten → dense(1),
 * a raw logit/score; no norm on the first layer. 28×28: 64, 128 filters; 32×32: 64, 128, 256.
 *
 * @example
 * const d = dcganDiscriminator({ inputShape: [28, 28, 1], seed: 1 });
 */
export function dcganDiscriminator(options: DcganDiscriminatorOptions): tfl.LayersModel {
  const { inputShape, baseFilters = 64, normalization = 'batch' } = options;
  checkPositiveInts([baseFilters], 'baseFilters');
  const key = shapeKey(inputShape);
  if (!['batch', 'layer', 'none'].includes(normalization)) {
    throw new ModelError(
      'E_BAD_MODEL_OPTION',
      `normalization must be batch, layer or none; got ${normalization}`,
      {
        option: 'normalization',
      },
    );
  }
  const init = seededInit(`d:${options.seed}`);
  const filters =
    key === '28x28x1'
      ? [baseFilters, 2 * baseFilters]
      : [baseFilters, 2 * baseFilters, 4 * baseFilters];
  const model = tfl.sequential({ name: 'discriminator' });
  filters.forEach((f, i) => {
    model.add(
      tfl.layers.conv2d({
        filters: f,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        name: `d_conv${i + 1}`,
        kernelInitializer: init.dcgan(),
        ...(i === 0 ? { inputShape: [...inputShape] } : {}),
      }),
    );
    if (i > 0 && normalization === 'batch')
      model.add(tfl.layers.batchNormalization({ name: `d_bn${i + 1}` }));
    if (i > 0 && normalization === 'layer') {
      model.add(tfl.layers.layerNormalization({ axis: [1, 2, 3], name: `d_ln${i + 1}` }));
    }
    model.add(tfl.layers.leakyReLU({ alpha: 0.2, name: `d_lrelu${i + 1}` }));
  });
  model.add(tfl.layers.flatten({ name: 'd_flatten' }));
  model.add(tfl.layers.dense({ units: 1, name: 'd_out', kernelInitializer: init.dcgan() }));
  return model;
}
