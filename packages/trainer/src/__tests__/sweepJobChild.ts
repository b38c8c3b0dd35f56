// A job's process for the sweep tests (what `gantry sweep run-job` is for the CLI), bundled by
// bundleForNode: `node sweepJobChild.mjs DIR ID`. The backend is tfjs's cpu, as configured.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { selectBackend } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { runSweepJobProcess } from '../sweep/jobProcess';

tf.env().set('IS_TEST', true);
const [dir = '', id = ''] = process.argv.slice(2);
process.exitCode = await runSweepJobProcess({
  dir,
  id,
  exitWithParent: true,
  selectBackend: (config) =>
    selectBackend({ prefer: config.backend, importModule: (m) => import(m) }),
});
