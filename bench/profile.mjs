#!/usr/bin/env node
// Where the time of one GAN step goes, kernel by kernel: wraps every kernel registered for the
// backend with a timer (self time: a kernel that calls a cpu kernel directly, e.g. a fallback,
// includes it), runs warm-up steps, then profiles `--steps` steps and prints a table (or JSON
// with --json). Time outside kernels (tape, JS glue, gradients' bookkeeping) is the rest.
// Usage: node bench/profile.mjs --model dcgan|mlp|wgangp|wgangp-ln [--backend native]
//        [--threads N] [--steps 3] [--warmup 2] [--top 25] [--json] [--unfused]
// (--unfused: the optimizer's separate element-wise ops instead of the backend's fused update)
import { parseArgs } from 'node:util';
import { makeGanStep } from './_models.mjs';
import { loadTfjs } from './_tfjs.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'native' },
    model: { type: 'string', default: 'dcgan' },
    threads: { type: 'string' },
    steps: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    batch: { type: 'string', default: '64' },
    top: { type: 'string', default: '25' },
    json: { type: 'boolean', default: false },
    unfused: { type: 'boolean', default: false },
  },
});
const threads = args.threads === undefined ? undefined : Number(args.threads);
const { tf, gantry, info } = await loadTfjs(args.backend, { threads });
const stats = new Map();
for (const config of tf.getKernelsForBackend(args.backend)) {
  const inner = config.kernelFunc;
  const s = { calls: 0, ms: 0, elements: 0 };
  stats.set(config.kernelName, s);
  tf.unregisterKernel(config.kernelName, args.backend);
  tf.registerKernel({
    ...config,
    kernelFunc: (a) => {
      const t0 = performance.now();
      const out = inner(a);
      s.ms += performance.now() - t0;
      s.calls += 1;
      const first = Array.isArray(out) ? out[0] : out;
      if (first?.shape) s.elements += first.shape.reduce((p, d) => p * d, 1);
      return out;
    },
  });
}
const gan = makeGanStep(tf, gantry, {
  model: args.model,
  batch: Number(args.batch),
  fused: !args.unfused,
});
for (let i = 0; i < Number(args.warmup); i++) gan.step();
for (const s of stats.values()) Object.assign(s, { calls: 0, ms: 0, elements: 0 });
const steps = Number(args.steps);
const t0 = performance.now();
for (let i = 0; i < steps; i++) gan.step();
const total = (performance.now() - t0) / steps;
gan.dispose();
const rows = [...stats.entries()]
  .filter(([, s]) => s.calls > 0)
  .map(([kernel, s]) => ({
    kernel,
    ms: s.ms / steps,
    calls: s.calls / steps,
    us_per_call: (1000 * s.ms) / s.calls,
    mean_elements: Math.round(s.elements / s.calls),
  }))
  .sort((a, b) => b.ms - a.ms);
const inKernels = rows.reduce((p, r) => p + r.ms, 0);
const result = {
  model: args.model,
  backend: args.backend,
  threads: info.threads,
  blas: info.blas,
  step_ms: total,
  kernels_ms: inKernels,
  outside_kernels_ms: total - inKernels,
  kernel_calls: rows.reduce((p, r) => p + r.calls, 0),
  rows,
};
if (args.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const f = (x) => x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2);
  console.log(
    `${args.model} on ${args.backend} (${info.threads ?? '?'} threads, ${info.blas ?? ''}): ${f(total)} ms/step, ${f(inKernels)} ms in ${result.kernel_calls} kernel calls, ${f(total - inKernels)} ms outside`,
  );
  console.log('| kernel | ms/step | % | calls/step | µs/call | mean output size |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows.slice(0, Number(args.top))) {
    console.log(
      `| ${r.kernel} | ${f(r.ms)} | ${f((100 * r.ms) / total)} | ${f(r.calls)} | ${f(r.us_per_call)} | ${r.mean_elements} |`,
    );
  }
}
