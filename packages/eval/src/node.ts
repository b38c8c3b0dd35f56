export { EVAL_IMAGE_DATA, type EvalSplits, loadEvalSplits, subsetImages } from './evalData';
export {
  type EvalProgress,
  type EvalReport,
  type EvaluateOptions,
  evaluateReal,
  evaluateRun,
  type FidResult,
  type KidResult,
  METRIC_NAMES,
  type MetricName,
  type ScoreResult,
  writeEvalReport,
} from './evaluate';
