export {
  checkDataName,
  DATA_NAMES,
  parseTrainConfig,
  resolveTrainConfig,
  TOY_DATA,
  type TrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from './config';
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
