export {
  type CheckpointMeta,
  latestCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint';
export { fileSystemError, shortPath } from './fsErrors';
export { MetricsLog } from './metricsLog';
export {
  openRun,
  type RunFolder,
  type RunPaths,
  readRunMetrics,
  runPaths,
  writeEvalReport,
  writeRunRecord,
  writeRunSummary,
} from './openRun';
export { encodePng, writePng } from './png';
export {
  type PreparedTraining,
  type PrepareTrainingOptions,
  prepareTraining,
} from './prepareTraining';
export {
  checkpointFilesHook,
  eventsHook,
  metricsLogHook,
  sampleFilesHook,
} from './runHooks';
export {
  type RunSummary,
  type RunTrainingOptions,
  runTraining,
  type TrainEvent,
} from './runTraining';
export { type SampleFromRunOptions, sampleFromRun } from './sampleFromRun';
export { writeSamples } from './samples';
export { checkOutputFolder, removeStaleRunFiles, writeOutputFile } from './tempFiles';
export {
  eventFilesGlob,
  TENSORBOARD_TAGS,
  tensorboardHook,
  writeEvalEvents,
} from './tensorboardHook';
export { packageVersions } from './versions';
