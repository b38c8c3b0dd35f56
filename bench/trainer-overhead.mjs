#!/usr/bin/env node
// Item 4 of the benchmark: Gantry's training loop (GanTrainer.step of @gantry/trainer: its own
// Adam, metrics read back, NaN checks) against the bare tfjs loop of the same GAN step
// (bench/_models.mjs makeGanStep: the same createOptimizer, tf.variableGrads), same models, same batch, same
// backend (native), alternating blocks so both see the same machine state. Target: ≤ 5%.
//
// Contract with scripts/bench.mjs: prints ONE JSON object on stdout,
//   { "rows": [{ "label", "value", "unit" }...], "notes" } or { "skipped": "why" }.
// Usage: node bench/trainer-overhead.mjs [--threads T] [--blocks 5] [--steps 10]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildNetworks, LATENT, makeGanStep } from './_models.mjs';
import { loadTfjs, repoRoot } from './_tfjs.mjs';

const { values: args } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    blocks: { type: 'string', default: '5' },
    steps: { type: 'string', default: '10' },
    batch: { type: 'string', default: '64' },
  },
});
const done = (o) => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
  process.exit(0);
};
const dist = (pkg) => resolve(repoRoot, 'packages', pkg, 'dist/index.js');
for (const pkg of ['trainer', 'losses']) {
  if (!existsSync(dist(pkg))) done({ skipped: `packages/${pkg} is not built (pnpm build)` });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const { tf, gantry } = await loadTfjs('native', { threads: Number(args.threads) });
  const { GanTrainer } = await import(pathToFileURL(dist('trainer')).href);
  const { getLoss } = await import(pathToFileURL(dist('losses')).href);
  const batch = Number(args.batch);

  const bare = makeGanStep(tf, gantry, { model: 'mlp', batch });
  const { g, d } = buildNetworks(gantry.models, 'mlp');
  const real = tf.randomUniform([batch, 784], -1, 1, 'float32', 1);
  // The same fixed real batch as the bare loop: this measures the loop, not data loading.
  const data = {
    batchSize: batch,
    epoch: 0,
    next: () => tf.clone(real),
    getState: () => ({}),
    setState: () => {},
  };
  const adam = { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 };
  const trainer = new GanTrainer({
    generator: g,
    discriminator: d,
    loss: getLoss('non-saturating'),
    data,
    latentDim: LATENT,
    optimizerD: adam,
    optimizerG: adam,
    seed: 1,
  });
  const before = tf.memory().numTensors;
  trainer.step();
  if (tf.memory().numTensors === before && tf.memory().numTensors === 0) {
    done({ skipped: 'the trainer used another tfjs instance than the bench' });
  }
  for (let i = 0; i < 3; i++) {
    bare.step();
    trainer.step();
  }
  const steps = Number(args.steps);
  const times = { bare: [], trainer: [] };
  const time = (fn) => {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) fn();
    return (performance.now() - t0) / steps;
  };
  for (let b = 0; b < Number(args.blocks); b++) {
    times.bare.push(time(() => bare.step()));
    times.trainer.push(time(() => trainer.step()));
  }
  const bareMs = median(times.bare);
  const trainerMs = median(times.trainer);
  done({
    rows: [
      {
        label: 'bare tfjs loop (createOptimizer, variableGrads), MLP batch 64',
        value: +bareMs.toFixed(2),
        unit: 'ms/step',
      },
      {
        label: 'GanTrainer.step, same models and batch',
        value: +trainerMs.toFixed(2),
        unit: 'ms/step',
      },
      { label: 'trainer / bare', value: +(trainerMs / bareMs).toFixed(3), unit: '×' },
    ],
    notes: `native backend, ${args.threads} thread(s); median of ${args.blocks} alternating blocks of ${steps} steps; target ≤ 1.05×`,
    blocks: times,
  });
} catch (error) {
  done({ error: String(error?.message ?? error).split('\n')[0] });
}
