export {
  BACKEND_CANDIDATES,
  type BackendAdapter,
  type BackendFaultContext,
  type BackendFaults,
  type BackendLoader,
  type BackendPreference,
  type BackendSelection,
  type ModuleImporter,
  type SelectBackendOptions,
  selectBackend,
} from './backend';
export { jsDivergence, klDivergence, pearsonChi2, totalVariation } from './divergences';
export {
  type CoreErrorCode,
  type ErrorKind,
  errorKind,
  GantryError,
  type GantryErrorClass,
  type GantryErrorDetails,
  gantryErrorClass,
  InvalidArgumentError,
  isGantryError,
} from './errors';
export { measureTensorGrowth, type TensorGrowth } from './memory';
export {
  NOISE_PRIORS,
  type NoisePrior,
  normalNoise,
  parsePrior,
  sampleNoise,
  uniformNoise,
} from './noise';
export {
  FUSED_OPTIMIZERS,
  OPTIMIZER_CONSTANT_COUNT,
  OPTIMIZER_UPDATE_KERNEL,
  type OptimizerUpdateAttrs,
} from './optimizerKernel';
export { createRng, type Rng, type RngState, rngFromState } from './rng';
export { log1mSigmoid, logMeanExp, logSigmoid, logSumExp, softplus } from './stableOps';
export { closestMatch } from './suggest';
export {
  discretizeDensity,
  formatTheoryTable,
  GLOBAL_MINIMUM_C,
  gaussianPdf,
  jsdFromCriterion,
  linspace,
  optimalDiscriminator,
  type TheoryRow,
  type TheoryTableOptions,
  theoryTable,
  valueFunction,
  virtualTrainingCriterion,
} from './theory';
export { type SlicedWassersteinOptions, slicedWasserstein, wasserstein1d } from './wasserstein';
