#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@gantry/core';
import { trainingKernels } from '@gantry/models';
import { describeSweepEvent } from '@gantry/trainer';
import * as tf from '@tensorflow/tfjs';
import { defineCommand, runMain } from 'citty';
import { EXPERIMENTS, pickExperiments } from './experiments';
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
    steps: { type: 'string', description: 'training steps per objective (default 200)' },
    epochs: {
      type: 'string',
      description: 'epochs per objective instead of steps (the slides: 20)',
    },
    full: {
      type: 'boolean',
      description: "the slides' full budget: 20 epochs per objective (hours on CPU)",
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
    const steps = int('steps', args.steps);
    const batchSize = int('batch-size', args['batch-size']);
    const nEval = int('n-eval', args['n-eval']);
    const parallel = int('parallel', args.parallel);
    tf.env().set('PROD', true);
    const backend = await selectBackend({
      prefer: (args.backend as 'auto' | undefined) ?? 'auto',
      requiredKernels: trainingKernels('dcgan'),
      importModule: (id) => import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>,
    });
    process.stderr.write(`${backend.summary}\n`);
    const out = args.out ?? `loss-zoo-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const started = performance.now();
    let stage = '';
    const { report } = await runZoo({
      out,
      ...(args.data ? { data: args.data } : {}),
      ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
      ...(epochs !== undefined ? { epochs } : steps !== undefined ? { steps } : {}),
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
    });
    process.stdout.write(`${report}\n`);
  },
});

// `loss-zoo run-job …`: one objective in this process (what the zoo starts for each, in parallel).
if (process.argv[2] === 'run-job') {
  tf.env().set('PROD', true);
  process.exitCode = await runZooJob(process.argv.slice(3));
} else {
  runMain(main);
}
