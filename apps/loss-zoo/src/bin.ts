#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { helpWidth, renderHelp } from '@gantry/cli/help';
import { errorKind, isGantryError, selectBackend } from '@gantry/core';
import { trainingKernels } from '@gantry/models';
import { describeSweepEvent } from '@gantry/trainer';
import * as tf from '@tensorflow/tfjs';
import { defineCommand, runMain } from 'citty';
import { EXPERIMENTS, pickExperiments } from './experiments';
import { importBackend } from './importBackend';
import { runZoo, ZOO_DATA } from './runZoo';
import { runZooJob } from './zooJob';

/** Prints a usage error and exits with code 2. */
function usage(message: string): never {
  process.stderr.write(`loss-zoo: ${message}\nRun with --help for usage.\n`);
  process.exit(2);
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    usage(`--${name} expects a positive integer, got "${value}"`);
  }
  return n;
}

const main = defineCommand({
  meta: {
    name: 'loss-zoo',
    description:
      "The study notes' experiment: train six GAN objectives with one DCGAN, data, seed and budget; write one HTML report",
  },
  args: {
    data: { type: 'string', description: `${ZOO_DATA.join(', ')} (default mnist-sample)` },
    'data-dir': { type: 'string', description: 'folder of the MNIST / Fashion-MNIST IDX files' },
    steps: { type: 'string', description: 'training steps per objective, instead of epochs' },
    epochs: {
      type: 'string',
      description: 'epochs per objective (default 20, the slides: 3,120 steps on mnist-sample)',
    },
    full: {
      type: 'boolean',
      description:
        "the slides' full budget: 20 epochs of MNIST's 60,000 (--data mnist; hours on CPU)",
    },
    losses: {
      type: 'string',
      description: `comma-separated objectives (default all: ${EXPERIMENTS.map((e) => e.id).join(', ')})`,
    },
    'batch-size': { type: 'string', description: 'batch size (default 64)' },
    'n-eval': { type: 'string', description: 'samples per metric (default 2000)' },
    parallel: {
      type: 'string',
      description:
        'objectives at once, each in its own process (default: cores ÷ GANTRY_NATIVE_THREADS)',
    },
    seed: { type: 'string', description: 'seed (default 0)' },
    out: { type: 'string', description: 'output folder (default loss-zoo-<time>)' },
    backend: { type: 'string', description: 'auto, tensorflow, native or cpu (default auto)' },
  },
  async run({ args }) {
    if (args.data && !ZOO_DATA.includes(args.data))
      usage(`--data ${args.data}: the loss zoo runs on ${ZOO_DATA.join(', ')}`);
    const losses = args.losses?.split(',').map((s) => s.trim());
    try {
      pickExperiments(losses);
    } catch (error) {
      usage((error as Error).message);
    }
    if (args.seed !== undefined && !Number.isInteger(Number(args.seed)))
      usage(`--seed expects an integer, got "${args.seed}"`);
    const epochs = args.full ? 20 : int('epochs', args.epochs);
    const data = args.data ?? (args.full ? 'mnist' : undefined);
    const steps = int('steps', args.steps);
    const batchSize = int('batch-size', args['batch-size']);
    const nEval = int('n-eval', args['n-eval']);
    const parallel = int('parallel', args.parallel);
    tf.env().set('PROD', true);
    const backend = await selectBackend({
      prefer: (args.backend as 'auto' | undefined) ?? 'auto',
      requiredKernels: trainingKernels('dcgan'),
      importModule: importBackend,
    }).catch(fail);
    process.stderr.write(`${backend.summary}\n`);
    const out = args.out ?? `loss-zoo-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const started = performance.now();
    let stage = '';
    const { report, result } = await runZoo({
      out,
      ...(data ? { data } : {}),
      ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
      ...(epochs !== undefined ? { epochs } : {}),
      ...(steps !== undefined ? { steps } : {}),
      ...(losses ? { losses } : {}),
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(nEval !== undefined ? { nEval } : {}),
      ...(parallel !== undefined ? { parallel } : {}),
      jobEntry: fileURLToPath(import.meta.url),
      ...(args.seed !== undefined ? { seed: Number(args.seed) } : {}),
      backend,
      onEvent: (e) => {
        const elapsed = ((performance.now() - started) / 1000).toFixed(0);
        if (e.type === 'experiment') {
          stage = '';
          process.stderr.write(`[${elapsed}s] ${e.index + 1}/${e.total} ${e.experiment.title}\n`);
        } else if (e.type === 'sweep' && e.event.type === 'done') {
          process.stderr.write(
            `  [${elapsed}s] ${e.experiment.id}: ${describeSweepEvent(e.event)}\n`,
          );
        } else if (e.type === 'sweep' && (e.event.type === 'step' || e.event.type === 'failed')) {
          process.stderr.write(`  ${describeSweepEvent(e.event)}\n`);
        } else if (e.type === 'eval' && e.progress.stage !== stage) {
          stage = e.progress.stage;
          process.stderr.write(`  eval ${stage} (${e.progress.total})\n`);
        } else if (e.type === 'done') {
          const ev = e.result.evaluation;
          process.stderr.write(
            `  ${e.result.outcome}: ${e.result.seconds.toFixed(1)} s; FID ${ev?.fid?.value.toFixed(2) ?? '–'}, classes ${ev?.score?.coverage.classesHit ?? '–'}/10, Parzen ${ev?.parzen?.mean.toFixed(1) ?? '–'}\n`,
          );
        }
      },
    }).catch(fail);
    process.stdout.write(`${report}\n`);
    const stopped = result.experiments.filter((x) => x.outcome !== 'completed');
    if (stopped.length > 0) {
      process.stderr.write(
        `loss-zoo: ${stopped.length} of ${result.experiments.length} objectives did not complete: ${stopped.map((x) => x.id).join(', ')} (see the report)\n`,
      );
      process.exitCode = 1;
    }
  },
});

/** A typed error as one line and its exit code (2 for bad input, 1 otherwise); others rethrown. */
function fail(error: unknown): never {
  if (!isGantryError(error)) throw error;
  process.stderr.write(`loss-zoo: ${error.message}\n`);
  process.exit(errorKind(error) === 'usage' ? 2 : 1);
}

// `loss-zoo run-job …`: one objective in this process (what the zoo starts for each, in parallel).
if (process.argv[2] === 'run-job') {
  tf.env().set('PROD', true);
  process.exitCode = await runZooJob(process.argv.slice(3));
} else if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  // citty's own help pads every row to the longest one; this one wraps to the terminal.
  const width = helpWidth(process.stdout.columns);
  process.stdout.write(`${await renderHelp(main, ['loss-zoo'], width)}\n`);
} else {
  runMain(main);
}
