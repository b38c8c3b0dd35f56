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
export { formatJobMessage, type JobMessage, parseJobMessage } from './sweep/jobMessages';
export {
  findSweepJob,
  runSweepJobProcess,
  type SweepJobProcessOptions,
} from './sweep/jobProcess';
export {
  defaultParallel,
  type LocalSweepOptions,
  runSweepLocal,
  type SweepLaunch,
  threadsPerRun,
} from './sweep/localSweep';
export {
  type EnqueuedSweep,
  type EnqueueSweepOptions,
  enqueueSweep,
  updateSweepJob,
  type WatchSweepOptions,
  watchSweep,
} from './sweep/queueSweep';
export { type RedisLimits, redisOptions, SWEEP_QUEUE, type SweepQueueData } from './sweep/redis';
export {
  finalMetrics,
  type RunSweepJobOptions,
  runSweepJob,
  type SweepJobOutcome,
} from './sweep/runSweepJob';
export {
  type JobCommand,
  type JobCommandFactory,
  type JobProcessResult,
  spawnSweepJob,
} from './sweep/spawnJob';
export {
  newSweepSummary,
  openSweepFolder,
  patchJob,
  readSweepSummary,
  type SweepJobPatch,
  type SweepPlan,
  SweepSummaryWriter,
  sweepSummaryPath,
  writeSweepSummary,
} from './sweep/sweepFolder';
export { type SweepWorker, type SweepWorkerOptions, startSweepWorker } from './sweep/sweepWorker';
export { checkOutputFolder, removeStaleRunFiles, writeOutputFile } from './tempFiles';
export {
  eventFilesGlob,
  TENSORBOARD_TAGS,
  tensorboardHook,
  writeEvalEvents,
} from './tensorboardHook';
export { packageVersions } from './versions';
