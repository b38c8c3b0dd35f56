/** Kept here for callers from before it moved to `@gantry/datasets`. */
export { subsetImages } from '@gantry/datasets';
export {
  type ClassifierOutputs,
  createEvalContext,
  type EvalContext,
  type EvalSubject,
} from './evalContext';
export { EVAL_IMAGE_DATA, type EvalSplits, loadEvalSplits } from './evalData';
export { defaultEvalSamples, evaluateReal, evaluateRun, writeEvalReport } from './evaluate';
export type { EvalMetric } from './metric';
export { PROBABILITY_LOSSES, readsDAsProbability } from './metrics/diagnostics';
export { METRICS } from './metrics/index';
export { type LoadClassifierFileOptions, loadClassifier } from './nodeClassifier';
export type {
  EvalProgress,
  EvalReport,
  EvaluateOptions,
  FidResult,
  KidResult,
  MetricName,
  MetricResults,
  ScoreResult,
} from './report';
export { METRIC_NAMES, scoreSubject } from './scoreSubject';
