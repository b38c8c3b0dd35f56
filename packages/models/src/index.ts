export {
  buildGan,
  type Gan,
  type GanSpec,
  listModels,
  MODEL_KINDS,
  type ModelInfo,
  type ModelKind,
  trainingKernels,
} from './buildGan';
export {
  DCGAN_SHAPES,
  type DcganDiscriminatorOptions,
  type DcganGeneratorOptions,
  type DiscriminatorNorm,
  dcganDiscriminator,
  dcganGenerator,
} from './dcgan';
export { ModelError, type ModelErrorCode } from './errors';
export { type GanSize, ganSize } from './ganSize';
export {
  type MlpDiscriminatorOptions,
  type MlpGeneratorOptions,
  mlpDiscriminator,
  mlpGenerator,
  type OutputActivation,
} from './mlp';
export {
  registerModelLayers,
  SeededDropout,
  type SeededDropoutArgs,
  setDropoutSeedStream,
} from './seededDropout';
export { type ToyMlpOptions, toyDiscriminator, toyGenerator } from './toy';
export { allVariables, trainableVariables } from './variables';
