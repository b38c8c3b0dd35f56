export { LossError, type LossErrorCode } from './errors';
export { hingeLoss } from './hinge';
export {
  leastSquaresLoss,
  lsganChi2Loss,
  lsganLoss,
  regularizedLeastSquaresLoss,
} from './leastSquares';
export { minimaxLoss, nonSaturatingLoss } from './logLosses';
export { meanDiscriminatorOutput } from './meanOutput';
export { clipWeights, gradientPenalty, r1Penalty } from './penalties';
export { getLoss, LOSS_NAMES, listLosses } from './registry';
export { relativisticAverageLoss } from './relativisticAverage';
export {
  ensureComparisonGradients,
  ensureSecondOrderGradients,
  SECOND_ORDER_KERNELS,
} from './secondOrder';
export type {
  DiscriminatorOutput,
  GanLoss,
  LossContext,
  LossRegularizers,
  PaperDefaults,
  PaperOptimizer,
} from './types';
export { wassersteinGpLoss, wassersteinLoss } from './wasserstein';
