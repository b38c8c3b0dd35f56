import type * as tfl from '@tensorflow/tfjs-layers';
import { type DiscriminatorNorm, dcganDiscriminator, dcganGenerator } from './dcgan';
import { ModelError } from './errors';
import { mlpDiscriminator, mlpGenerator, type OutputActivation } from './mlp';
import { toyDiscriminator, toyGenerator } from './toy';

/** Architectures known to {@link buildGan}. */
export const MODEL_KINDS = ['mlp', 'dcgan', 'toy-mlp'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** What {@link buildGan} needs: the architecture, the data's sample shape and z. */
export interface GanSpec {
  model: ModelKind;
  /** Shape of one data sample: [H, W, C] for images, [dim] for toy data. */
  dataShape: readonly number[];
  latentDim: number;
  /** Generator output non-linearity (match the data normalisation; default tanh). */
  outputActivation?: OutputActivation;
  /** Hidden widths of the generator (mlp, toy-mlp). */
  generatorHidden?: readonly number[];
  /** Hidden widths of the discriminator (mlp, toy-mlp). */
  discriminatorHidden?: readonly number[];
  /** Maxout pieces of the mlp discriminator (0 = LeakyReLU). */
  maxoutPieces?: number;
  /** Dropout rate in the mlp discriminator. */
  dropout?: number;
  /** DCGAN base filter count. */
  baseFilters?: number;
  /** DCGAN discriminator normalisation. */
  normalization?: DiscriminatorNorm;
  seed: number | string;
}

/** A generator and a discriminator built for the same data. */
export interface Gan {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  /** Trainable parameter counts. */
  parameters: { generator: number; discriminator: number };
}

/** One architecture: its name, a line for `gantry train --help`, and what training it needs. */
export interface ModelInfo {
  name: ModelKind;
  description: string;
  /**
   * tfjs kernels that training it needs beyond the basics, so a backend lacking them (wasm has
   * no Conv2DBackpropFilter) is skipped when choosing one.
   */
  trainingKernels: readonly string[];
}

const MODELS: readonly ModelInfo[] = Object.freeze([
  {
    name: 'mlp',
    description: "Goodfellow et al.'s MLP: ReLU generator, maxout + dropout discriminator",
    trainingKernels: [],
  },
  {
    name: 'dcgan',
    description: 'DCGAN (Radford et al.): transposed convs + batch norm; 28x28x1 or 32x32x3',
    trainingKernels: ['Conv2DBackpropFilter', 'Conv2DBackpropInput'],
  },
  {
    name: 'toy-mlp',
    description: 'small MLPs for 1-D and 2-D toy distributions',
    trainingKernels: [],
  },
]);

/** Describes each architecture for `gantry train --help` and configs. */
export function listModels(): ModelInfo[] {
  return MODELS.map((m) => ({ ...m, trainingKernels: [...m.trainingKernels] }));
}

/**
 * The tfjs kernels that training architecture `model` needs beyond the basics (its
 * convolutions' gradients for `dcgan`), for `selectBackend({ requiredKernels })`.
 *
 * @example
 * await selectBackend({ prefer: 'auto', requiredKernels: trainingKernels('dcgan') });
 */
export function trainingKernels(model: ModelKind): string[] {
  return [...(MODELS.find((m) => m.name === model)?.trainingKernels ?? [])];
}

/**
 * Builds a generator/discriminator pair of architecture `spec.model` for samples of
 * `spec.dataShape`, initialised from `spec.seed`.
 *
 * @example
 * const { generator, discriminator } = buildGan({ model: 'mlp', dataShape: [28, 28, 1], latentDim: 100, seed: 1 });
 */
export function buildGan(spec: GanSpec): Gan {
  const { dataShape, latentDim, seed } = spec;
  let generator: tfl.LayersModel;
  let discriminator: tfl.LayersModel;
  switch (spec.model) {
    case 'mlp':
      generator = mlpGenerator({
        latentDim,
        outputShape: dataShape,
        hidden: spec.generatorHidden,
        outputActivation: spec.outputActivation,
        seed,
      });
      discriminator = mlpDiscriminator({
        inputShape: dataShape,
        hidden: spec.discriminatorHidden,
        maxoutPieces: spec.maxoutPieces,
        dropout: spec.dropout,
        seed,
      });
      break;
    case 'dcgan':
      generator = dcganGenerator({
        latentDim,
        outputShape: dataShape,
        baseFilters: spec.baseFilters,
        outputActivation: spec.outputActivation,
        seed,
      });
      discriminator = dcganDiscriminator({
        inputShape: dataShape,
        baseFilters: spec.baseFilters,
        normalization: spec.normalization,
        seed,
      });
      break;
    case 'toy-mlp': {
      if (dataShape.length !== 1) {
        throw new ModelError(
          'E_BAD_MODEL_OPTION',
          `toy-mlp needs 1-D samples ([dim]); got shape [${dataShape.join(', ')}]`,
          {
            option: 'dataShape',
          },
        );
      }
      const dim = dataShape[0] as number;
      generator = toyGenerator({ dim, latentDim, hidden: spec.generatorHidden, seed });
      discriminator = toyDiscriminator({ dim, hidden: spec.discriminatorHidden, seed });
      break;
    }
    default:
      throw new ModelError(
        'E_UNKNOWN_MODEL',
        `unknown model "${String(spec.model)}"; known: ${MODEL_KINDS.join(', ')}`,
        { option: 'model' },
      );
  }
  return {
    generator,
    discriminator,
    parameters: { generator: countParams(generator), discriminator: countParams(discriminator) },
  };
}

function countParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1),
    0,
  );
}
