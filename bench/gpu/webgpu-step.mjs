#!/usr/bin/env node
// Times one GAN step of bench/_models.mjs on tfjs webgpu (@gantry/backend-webgpu on Dawn);
// prints one JSON object. Data stays on the GPU: the losses are read back asynchronously, once
// per timed block, as a trainer reading its progress line every N steps would.
// Usage: node bench/gpu/webgpu-step.mjs --model mlp|dcgan [--batch 64] [--warmup W] [--reps R]
//        [--software]   (SwiftShader's Vulkan, found as @gantry/backend-webgpu finds it)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadGantry, makeGanStep } from '../_models.mjs';
import { load, repoRoot } from '../_tfjs.mjs';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    batch: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '3' },
    reps: { type: 'string', default: '10' },
    software: { type: 'boolean', default: false },
  },
});
const batch = Number(args.batch);
const done = (result) => {
  process.stdout.write(
    `${JSON.stringify({ backend: 'webgpu', model: args.model, batch, ...result })}\n`,
  );
  process.exit(0);
};

/** Reads the losses (the one GPU → CPU transfer) and frees them. */
async function read(tf, losses) {
  const values = await Promise.all(losses.map(async (l) => (await l.data())[0]));
  tf.dispose(losses);
  return values;
}

try {
  const tf = await load('@tensorflow/tfjs-core');
  // tfjs-layers registers the gradients (tfjs-core alone has none).
  await load('@tensorflow/tfjs-layers');
  const webgpu = await import(
    pathToFileURL(resolve(repoRoot, 'packages/backend-webgpu/dist/node.js')).href
  );
  const info = await webgpu.registerWebgpuBackend(
    args.software ? { vulkanIcd: webgpu.findSwiftShaderIcd(), allowSoftware: true } : {},
  );
  if (!(await tf.setBackend(info.name))) throw new Error('the webgpu backend failed to initialise');
  const gan = makeGanStep(tf, await loadGantry(), { model: args.model, batch, read: false });
  const first = await read(tf, gan.step());
  for (let i = 1; i < Number(args.warmup); i++) await read(tf, gan.step());
  // Throughput: R steps queued back to back, one readback at the end (what training sees).
  const reps = Number(args.reps);
  const t0 = performance.now();
  let pending = [];
  for (let i = 0; i < reps; i++) {
    tf.dispose(pending);
    pending = gan.step();
  }
  const last = await read(tf, pending);
  const total = performance.now() - t0;
  webgpu.checkWebgpuDevice({ batchSize: batch });
  // Latency: a readback after every step.
  const ms = [];
  for (let i = 0; i < Math.min(reps, 5); i++) {
    const s = performance.now();
    await read(tf, gan.step());
    ms.push(performance.now() - s);
  }
  gan.dispose();
  ms.sort((a, b) => a - b);
  done({
    adapter: webgpu.adapterLabel(info.adapter),
    software: info.adapter.software,
    warmup: Number(args.warmup),
    reps,
    ms_per_step: total / reps,
    synced_median_ms: ms[Math.floor(ms.length / 2)],
    first_losses: first,
    last_losses: last,
    numTensors: tf.memory().numTensors,
  });
} catch (error) {
  done({
    error: `${error?.code ? `${error.code}: ` : ''}${String(error?.message ?? error).split('\n')[0]}`,
  });
}
