#!/usr/bin/env node
// Times one GAN step (bench/_models.mjs) on one tfjs backend; prints one JSON object.
// Usage: node bench/tfjs-step.mjs --backend native|nativeblas|wasm|cpu
//        --model mlp|dcgan|wgangp|wgangp-ln
//        [--warmup W] [--reps R] [--batch 64] [--threads T]
import { parseArgs } from 'node:util';
import { makeGanStep } from './_models.mjs';
import { load, loadTfjs } from './_tfjs.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'native' },
    model: { type: 'string', default: 'mlp' },
    warmup: { type: 'string', default: '3' },
    reps: { type: 'string', default: '10' },
    batch: { type: 'string', default: '64' },
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
    threads: { type: 'string', default: process.env['GANTRY_NATIVE_THREADS'] ?? '1' },
  },
});
const warmup = Number(args.warmup);
const reps = Number(args.reps);
const threads = Number(args.threads);

function done(result) {
  process.stdout.write(
    `${JSON.stringify({ backend: args.backend, model: args.model, ...result })}\n`,
  );
  process.exit(0);
}

try {
  let wasmThreads;
  if (args.backend === 'wasm') {
    const wasm = await load('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount?.(threads);
    wasmThreads = () => wasm.getThreadsCount?.();
  }
  const { tf, gantry, info } = await loadTfjs(args.backend, { threads });
  if (args.model !== 'mlp' && !tf.getKernel('Conv2DBackpropFilter', args.backend)) {
    done({
      skipped: `tfjs ${args.backend} has no Conv2DBackpropFilter kernel: it cannot train conv nets`,
    });
  }
  const gan = makeGanStep(tf, gantry, { model: args.model, batch: Number(args.batch) });
  const losses = [];
  for (let i = 0; i < warmup; i++) losses.push(gan.step());
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    losses.push(gan.step());
    ms.push(performance.now() - t0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  gan.dispose();
  done({
    batch: Number(args.batch),
    warmup,
    reps,
    threads:
      args.backend === 'wasm'
        ? (wasmThreads?.() ?? threads)
        : args.backend.startsWith('native')
          ? info.threads
          : 1,
    ms,
    median_ms: median,
    min_ms: sorted[0],
    first_losses: losses[0],
    last_losses: losses[losses.length - 1],
    blas: info.blas,
    isa: info.isa,
    numTensors: tf.memory().numTensors,
  });
} catch (error) {
  done({ error: String(error?.message ?? error).split('\n')[0] });
}
