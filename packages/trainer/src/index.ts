export { checkTrainingBudget } from './budget';
export {
  checkDataName,
  DATA_NAMES,
  isToyData,
  type OptimizerDefaults,
  parseTrainConfig,
  resolveOptimizerDefaults,
  resolveTrainConfig,
  TOY_DATA,
  type TrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from './config';
export { type ConfigIssue, suggestKey } from './configIssues';
export { TRAIN_LIMITS } from './configLimits';
export {
  type ConfiguredTrainer,
  createTrainer,
  type TrainingData,
  totalSteps,
} from './createTrainer';
export { WeightEma } from './ema';
export { TrainerError, type TrainerErrorCode } from './errors';
export {
  GanTrainer,
  type GanTrainerOptions,
  NonFiniteLossError,
  type StepMetrics,
  type TrainerState,
} from './ganTrainer';
export {
  type ImageGridOptions,
  imageGrid,
  type RgbaImage,
  type ScatterPlotOptions,
  scatterPlot,
} from './images';
export {
  createOptimizer,
  type GanOptimizer,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  type OptimizerSpec,
  type OptimizerState,
  resolveOptimizerSpec,
} from './optimizers';
export { checkpointName, RUN_FILES, sampleFileName } from './runFiles';
export {
  formatMetricsLine,
  type MetricsLine,
  metricsLineSchema,
  parseMetricsLine,
  parseRunRecord,
  RUN_RECORD_FORMAT,
  type RunHints,
  type RunRecord,
  readRunHints,
  runConfigSchema,
  runRecordSchema,
} from './runRecord';
export { renderSamples } from './sampleImage';
export {
  CONSTANT_SCHEDULE,
  resolveSchedule,
  SCHEDULE_KEYS,
  type ScheduleSpec,
  scheduledLr,
  scheduledMomentum,
} from './schedules';
export { describeSweepEvent, type SweepEvent } from './sweep/sweepEvents';
export {
  expandSweep,
  parseSweepFile,
  type SweepFile,
  type SweepGrid,
  type SweepJobSpec,
  sanitizeJobId,
  VARIANT_KEY,
} from './sweep/sweepFile';
export {
  countSweepJobs,
  parseSweepSummary,
  SWEEP_FILES,
  SWEEP_JOB_STATUSES,
  SWEEP_SUMMARY_FORMAT,
  type SweepFinal,
  type SweepJobRecord,
  type SweepJobStatus,
  type SweepSummary,
  sweepFinalSchema,
  sweepJobSchema,
  sweepSummarySchema,
} from './sweep/sweepSummary';
export { TOY_DATA_DEFAULTS, type ToyDataDefaults, toyDefaults } from './toyDefaults';
export { TOY_LOSS_DEFAULTS, type ToyLossDefaults, toyLossDefaults } from './toyLossDefaults';
export {
  type Awaitable,
  checkpointHook,
  type SteppedTrainer,
  sampleHook,
  type TrainHook,
  type TrainLoopContext,
  type TrainLoopOptions,
  type TrainLoopResult,
  trainLoop,
} from './trainLoop';
