import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit } from './_init';
import { checkPositiveInts } from './_validate';

/** Options of the toy (1-D / 2-D) MLPs. */
export interface ToyMlpOptions {
  /** Dimension of the data (1 or 2 for the study settings). */
  dim: number;
  /** Dimension of z (generator only; default 2 for 2-D data as in GAN Lab). */
  latentDim?: number;
  /** Hidden widths (default [128, 128]). */
  hidden?: readonly number[];
  seed: number | string;
}

/**
 * Small generator for toy data: z → [dense → ReLU]* → dense(dim), linear output.
 *
 * @example
 * const g = toyGenerator({ dim: 2, latentDim: 2, seed: 1 });
 */
export function toyGenerator(options: ToyMlpOptions): tfl.LayersModel {
  const { dim, latentDim = Math.max(2, dim), hidden = [128, 128] } = options;
  checkPositiveInts([dim, latentDim], 'dim/latentDim');
  checkPositiveInts(hidden, 'hidden');
  const init = seededInit(`g:${options.seed}`);
  const model = tfl.sequential({ name: 'generator' });
  hidden.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: 'relu',
        name: `g_dense${i + 1}`,
        kernelInitializer: init.glorot(),
        ...(i === 0 ? { inputShape: [latentDim] } : {}),
      }),
    );
  });
  model.add(
    tfl.layers.dense({
      units: dim,
      name: 'g_out',
      kernelInitializer: init.glorot(),
      ...(hidden.length === 0 ? { inputShape: [latentDim] } : {}),
    }),
  );
  return model;
}

/**
 * Small discriminator for toy data: x → [dense → LeakyReLU(0.2)]* → dense(1), a raw logit/score.
 *
 * @example
 * const d = toyDiscriminator({ dim: 2, seed: 1 });
 */
export function toyDiscriminator(options: ToyMlpOptions): tfl.LayersModel {
  const { dim, hidden = [128, 128] } = options;
  checkPositiveInts([dim], 'dim');
  checkPositiveInts(hidden, 'hidden');
  const init = seededInit(`d:${options.seed}`);
  const model = tfl.sequential({ name: 'discriminator' });
  hidden.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        name: `d_dense${i + 1}`,
        kernelInitializer: init.glorot(),
        ...(i === 0 ? { inputShape: [dim] } : {}),
      }),
    );
    model.add(tfl.layers.leakyReLU({ alpha: 0.2, name: `d_lrelu${i + 1}` }));
  });
  model.add(
    tfl.layers.dense({
      units: 1,
      name: 'd_out',
      kernelInitializer: init.glorot(),
      ...(hidden.length === 0 ? { inputShape: [dim] } : {}),
    }),
  );
  return model;
}
