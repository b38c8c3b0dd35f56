#!/usr/bin/env node
// Item 6 of the benchmark: RSS and tf.memory().numTensors over many GAN steps (both should be
// flat after warm-up). Prints one JSON object.
// Usage: node bench/memory.mjs --backend native --model mlp [--steps 1000] [--every 100]
import { parseArgs } from 'node:util';
import { makeGanStep } from './_models.mjs';
import { loadTfjs } from './_tfjs.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'native' },
    model: { type: 'string', default: 'mlp' },
    steps: { type: 'string', default: '1000' },
    every: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
  },
});
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
try {
  const { tf, gantry, info } = await loadTfjs(args.backend);
  const gan = makeGanStep(tf, gantry, { model: args.model });
  for (let i = 0; i < Number(args.warmup); i++) gan.step();
  const samples = [];
  const sample = (step) =>
    samples.push({
      step,
      rss_mb: mb(process.memoryUsage().rss),
      numTensors: tf.memory().numTensors,
    });
  sample(0);
  const t0 = performance.now();
  for (let step = 1; step <= Number(args.steps); step++) {
    gan.step();
    if (step % Number(args.every) === 0) sample(step);
  }
  const seconds = (performance.now() - t0) / 1000;
  const first = samples[0];
  const last = samples[samples.length - 1];
  // After the first interval the pool and V8 heaps have reached their working size.
  const settled = samples[1] ?? first;
  gan.dispose();
  process.stdout.write(
    `${JSON.stringify({
      backend: args.backend,
      model: args.model,
      threads: info.threads,
      steps: Number(args.steps),
      warmup: Number(args.warmup),
      seconds,
      samples,
      rss_start_mb: first.rss_mb,
      rss_settled_mb: settled.rss_mb,
      rss_end_mb: last.rss_mb,
      rss_max_mb: Math.max(...samples.map((s) => s.rss_mb)),
      numTensors_start: first.numTensors,
      numTensors_end: last.numTensors,
      flat: last.numTensors === first.numTensors && last.rss_mb <= settled.rss_mb * 1.1 + 20,
    })}\n`,
  );
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ backend: args.backend, model: args.model, error: String(error?.message ?? error) })}\n`,
  );
}
