export { heldOutBandwidth, silvermanBandwidth } from './bandwidth';
export {
  CLASSIFIER_NAMES,
  type Classifier,
  ClassifierError,
  type ClassifierErrorCode,
  type ClassifierName,
  type LoadClassifierOptions,
  loadClassifier,
  toClassifierInput,
} from './classifier';
export {
  type TheoryDiagnostics,
  type TheoryDiagnosticsOptions,
  theoryDiagnostics,
} from './diagnostics';
export { MetricError, type MetricErrorCode } from './errors';
export type { FeatureMatrix } from './featureMatrix';
export {
  type FeatureStats,
  featureStats,
  frechetDistance,
  frechetFromStats,
} from './frechet';
export { gaussianKde } from './kde';
export {
  type KernelInceptionDistance,
  type KernelInceptionDistanceOptions,
  KID_DEFAULT_SEED,
  kernelInceptionDistance,
  mmd2Unbiased,
} from './kid';
export {
  type MeanAndCovariance,
  meanAndCovariance,
  type SymmetricEigen,
  symmetricEigen,
} from './linalg';
export {
  type DensityModel,
  type KernelJsd,
  type KernelJsdOptions,
  kernelJsd,
  type ModeMetrics,
  type ModeMetricsOptions,
  modeMetrics,
} from './mixture';
export {
  type OptimalDCheck,
  type OptimalDInput,
  optimalDiscriminatorCheck,
  SLACK_FLOOR,
} from './optimalD';
export {
  PARZEN_SIGMAS,
  type ParzenOptions,
  type ParzenResult,
  parzenEstimate,
  parzenLogLikelihoods,
  type SigmaScore,
  selectParzenSigma,
} from './parzen';
export {
  type ClassCoverage,
  classCoverage,
  classCoverageFromProbs,
  type InceptionScore,
  type InceptionScoreOptions,
  inceptionScore,
} from './score';
