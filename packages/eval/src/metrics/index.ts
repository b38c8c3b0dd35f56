import type { EvalMetric } from '../metric';
import { diagnosticsMetric } from './diagnostics';
import { fidMetric } from './fid';
import { inceptionScoreMetric } from './inceptionScore';
import { jsdMetric } from './jsd';
import { kidMetric } from './kid';
import { modesMetric } from './modes';
import { parzenMetric } from './parzen';

/** Every metric of `gantry eval`, in the order of its reports. */
export const METRICS: readonly EvalMetric[] = Object.freeze([
  parzenMetric,
  fidMetric,
  kidMetric,
  inceptionScoreMetric,
  modesMetric,
  jsdMetric,
  diagnosticsMetric,
]);
