export {
  type CheckpointMeta,
  checkpointName,
  latestCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint';
export { MetricsLog } from './metricsLog';
export { encodePng, writePng } from './png';
export {
  type RunSummary,
  type RunTrainingOptions,
  requiredKernels,
  runTraining,
  type TrainEvent,
} from './runTraining';
export {
  type LoadedRun,
  loadRun,
  runPrior,
  type SampleFromRunOptions,
  sampleFromRun,
} from './sampleFromRun';
export { writeSamples } from './samples';
export { cacheDir, downloadedDataDir, loadTrainingData, type TrainingData } from './trainingData';
