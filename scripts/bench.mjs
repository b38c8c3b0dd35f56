#!/usr/bin/env node
// `pnpm bench`: Gantry's GAN steps side by side on every available tfjs backend and in PyTorch,
// at one matched thread count. Not part of the test suite. Writes bench/results/latest.md and
// bench/results/latest.json and prints the markdown.
//
//   node scripts/bench.mjs [--threads 1] [--quick] [--backends native,wasm,cpu]
//                          [--models mlp,dcgan] [--memory-steps 1000] [--cpu-dcgan] [--ablation]
//                          [--out latest]   (→ bench/results/<out>.md and .json)
//
// Each measurement runs in its own process (no cross-talk between backends, clean RSS): warm-up
// steps, then the median of several timed steps. tfjs `cpu` is slow (seconds per MLP step), so
// it gets few repetitions; its batch-64 DCGAN step takes minutes and is skipped unless
// --cpu-dcgan is given. tfjs `wasm` has no Conv2DBackpropFilter, so no DCGAN row.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const benchDir = resolve(root, 'bench');
const { values: opts } = parseArgs({
  options: {
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
    threads: { type: 'string', default: process.env['BENCH_THREADS'] ?? '1' },
    quick: { type: 'boolean', default: false },
    backends: { type: 'string', default: 'native,wasm,cpu' },
    models: { type: 'string', default: 'mlp,dcgan' },
    'memory-steps': { type: 'string' },
    'cpu-dcgan': { type: 'boolean', default: false },
    ablation: { type: 'boolean', default: false },
    out: { type: 'string', default: 'latest' },
  },
});
const threads = Number(opts.threads);
if (!Number.isInteger(threads) || threads < 1) {
  console.error(`--threads must be a positive integer, got ${opts.threads}`);
  process.exit(2);
}
const quick = opts.quick;
const memorySteps = Number(opts['memory-steps'] ?? (quick ? 100 : 1000));
const backends = opts.backends.split(',').filter(Boolean);
if (opts.ablation && !backends.includes('nativeblas')) backends.splice(1, 0, 'nativeblas');
const models = opts.models.split(',').filter(Boolean);

// Matched thread count for every BLAS/OpenMP runtime involved.
const env = {
  ...process.env,
  OPENBLAS_NUM_THREADS: String(threads),
  OMP_NUM_THREADS: String(threads),
  MKL_NUM_THREADS: String(threads),
  GANTRY_NATIVE_THREADS: String(threads),
};

const log = (line) => process.stderr.write(`${line}\n`);

/** Runs a program that prints one JSON object; returns it, or { error } / { skipped }. */
function runJson(command, args, timeoutMs) {
  const r = spawnSync(command, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') {
    return { skipped: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  }
  if (r.error) return { error: r.error.message };
  const line = r.stdout.trim().split('\n').filter(Boolean).pop();
  try {
    return JSON.parse(line ?? '');
  } catch {
    const why = (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').pop();
    return { error: why };
  }
}

/** Warm-up and repetitions per backend and model (cpu is seconds per step). */
function plan(backend, model) {
  if (backend === 'cpu')
    return model === 'mlp' ? { warmup: 1, reps: quick ? 1 : 3 } : { warmup: 0, reps: 1 };
  if (backend === 'wasm') return { warmup: 2, reps: quick ? 3 : 8 };
  return model === 'mlp'
    ? { warmup: 15, reps: quick ? 10 : 40 }
    : { warmup: 3, reps: quick ? 4 : 12 };
}

function findTorchPython() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
  for (const py of [process.env['BENCH_PYTHON'], '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], {
      encoding: 'utf8',
      env,
    });
    if (r.status === 0) return { python: py, version: r.stdout.trim() };
  }
  return undefined;
}

const started = Date.now();
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism?.() ?? os.cpus().length,
  memory_gb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  threads,
};
log(`machine: ${machine.cpu}, ${machine.cores} cores, threads matched at ${threads}`);

log('building @gantry/backend-native (tsup; the addon itself is built at install)...');
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@gantry/backend-native', '--output-logs=errors-only'],
  {
    cwd: root,
    env,
    encoding: 'utf8',
  },
);
const nativeBuilt =
  build.status === 0 && existsSync(resolve(root, 'packages/backend-native/dist/index.js'));
if (!nativeBuilt) log(`build failed: ${(build.stderr || build.stdout).trim().split('\n').pop()}`);

const results = { machine, steps: {}, torch: {}, memory: {}, hooks: {} };

// 1–2: tfjs backends.
for (const model of models) {
  results.steps[model] = {};
  for (const backend of backends) {
    if (backend.startsWith('native') && !nativeBuilt) {
      results.steps[model][backend] = {
        skipped: '@gantry/backend-native did not build (see above)',
      };
      continue;
    }
    if (backend === 'cpu' && model === 'dcgan' && !opts['cpu-dcgan']) {
      results.steps[model][backend] = {
        skipped:
          'minutes per batch-64 step (≈26 s at batch 4, 91% in Conv2DBackpropFilter); --cpu-dcgan measures one step',
      };
      continue;
    }
    const { warmup, reps } = plan(backend, model);
    log(`${model} on ${backend}: ${warmup} warm-up + ${reps} timed steps...`);
    results.steps[model][backend] = runJson(
      process.execPath,
      [
        resolve(benchDir, 'tfjs-step.mjs'),
        '--backend',
        backend,
        '--model',
        model,
        '--warmup',
        String(warmup),
        '--reps',
        String(reps),
        '--threads',
        String(threads),
      ],
      (backend === 'cpu' ? 15 : 5) * 60_000,
    );
  }
}

// 3: PyTorch.
const torch = findTorchPython();
for (const model of models) {
  if (!torch) {
    results.torch[model] = {
      skipped:
        'python3-torch not found (Debian: apt-get install python3-torch; or set BENCH_PYTHON)',
    };
    continue;
  }
  const { warmup, reps } = plan('native', model);
  log(`${model} in PyTorch ${torch.version}: ${warmup} warm-up + ${reps} timed steps...`);
  results.torch[model] = runJson(
    torch.python,
    [
      resolve(benchDir, 'torch_bench.py'),
      '--model',
      model,
      '--threads',
      String(threads),
      '--warmup',
      String(warmup),
      '--reps',
      String(reps),
    ],
    10 * 60_000,
  );
}

// 6: memory over many steps on the native backend (falls back to wasm for the MLP).
for (const model of models) {
  const backend = nativeBuilt ? 'native' : model === 'mlp' ? 'wasm' : undefined;
  if (!backend) {
    results.memory[model] = { skipped: 'no backend that trains conv nets in reasonable time' };
    continue;
  }
  const steps = model === 'dcgan' && !quick ? Math.min(memorySteps, 1000) : memorySteps;
  log(`memory: ${steps} ${model} steps on ${backend}...`);
  results.memory[model] = runJson(
    process.execPath,
    [
      resolve(benchDir, 'memory.mjs'),
      '--backend',
      backend,
      '--model',
      model,
      '--steps',
      String(steps),
      '--every',
      String(Math.max(1, steps / 10)),
    ],
    15 * 60_000,
  );
}

// 4–5: hooks filled in by the trainer and datasets packages.
const mlpNative = results.steps.mlp?.native?.median_ms;
const stepRate = mlpNative ? (1000 / mlpNative).toFixed(2) : '0';
results.hooks.trainerOverhead = runJson(
  process.execPath,
  [resolve(benchDir, 'trainer-overhead.mjs'), '--threads', String(threads)],
  10 * 60_000,
);
results.hooks.pipelineThroughput = runJson(
  process.execPath,
  [
    resolve(benchDir, 'pipeline-throughput.mjs'),
    '--step-rate',
    stepRate,
    '--threads',
    String(threads),
  ],
  10 * 60_000,
);
results.seconds = Math.round((Date.now() - started) / 1000);
results.date = new Date().toISOString();
results.torch_version = torch?.version;
results.tfjs_version = JSON.parse(
  readFileSync(
    createRequire(resolve(root, 'packages/backend-native/package.json')).resolve(
      '@tensorflow/tfjs-core/package.json',
    ),
    'utf8',
  ),
).version;

// Report.
const fmt = (x) =>
  x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const reason = (r) => r?.skipped ?? r?.error ?? 'not run';
const lines = [];
lines.push('# Gantry benchmark');
lines.push('');
lines.push(
  `${results.date.slice(0, 10)} · ${machine.cpu} · ${machine.cores} cores · **${threads} thread${threads > 1 ? 's' : ''}** (OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = torch.set_num_threads = ${threads}) · Node ${machine.node} · tfjs ${results.tfjs_version} · PyTorch ${results.torch_version ?? 'absent'} · ${results.steps.mlp?.native?.blas ?? results.steps.dcgan?.native?.blas ?? 'no native backend'}`,
);
lines.push('');
lines.push(
  'One GAN step = one discriminator update + one generator update, batch 64, Adam (β₁ 0.5), non-saturating loss. Median of the timed steps after warm-up; ratio = ms/step ÷ PyTorch ms/step.',
);
lines.push('');
lines.push('| step | backend | ms/step (median) | min | timed steps | × PyTorch |');
lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
const labels = {
  mlp: 'MLP GAN (G 100-256-512-784, D 784-512-256-1)',
  dcgan: 'DCGAN 28×28×1 (G dense→7×7×128→tconv 64→tconv 1; D conv 64→conv 128→dense)',
};
const names = {
  native: 'tfjs native (@gantry/backend-native)',
  nativeblas: 'tfjs native, BLAS kernels only',
  wasm: 'tfjs wasm',
  cpu: 'tfjs cpu',
};
for (const model of models) {
  const t = results.torch[model];
  const tMs = t?.median_ms;
  lines.push(
    `| ${labels[model] ?? model} | PyTorch ${results.torch_version ?? ''} CPU | ${tMs ? fmt(tMs) : reason(t)} | ${fmt(t?.min_ms)} | ${t?.reps ?? '–'} | 1 |`,
  );
  for (const backend of backends) {
    const r = results.steps[model]?.[backend];
    const ratio = r?.median_ms && tMs ? `${(r.median_ms / tMs).toFixed(2)}` : '–';
    lines.push(
      `| | ${names[backend] ?? backend} | ${r?.median_ms ? fmt(r.median_ms) : reason(r)} | ${fmt(r?.min_ms)} | ${r?.reps ?? '–'} | ${ratio} |`,
    );
  }
}
lines.push('');
const goal = models.map((model) => {
  const n = results.steps[model]?.native?.median_ms;
  const t = results.torch[model]?.median_ms;
  return n && t
    ? `${model}: ${(n / t).toFixed(2)}× ${n / t <= 1.5 ? '(within 1.5×)' : '(NOT within 1.5×)'}`
    : `${model}: not measured`;
});
lines.push(`Goal (native within 1.5× of PyTorch at the same thread count): ${goal.join('; ')}.`);
lines.push('');
lines.push('## Memory over many steps (item 6)');
lines.push('');
lines.push(
  '| step | backend | steps | RSS start → after 10% → end (MB) | max RSS | numTensors start → end | flat |',
);
lines.push('| --- | --- | ---: | --- | ---: | --- | --- |');
for (const model of models) {
  const m = results.memory[model];
  if (!m || m.skipped || m.error) lines.push(`| ${model} | – | – | ${reason(m)} | | | |`);
  else
    lines.push(
      `| ${model} | ${m.backend} | ${m.steps} | ${m.rss_start_mb} → ${m.rss_settled_mb} → ${m.rss_end_mb} | ${m.rss_max_mb} | ${m.numTensors_start} → ${m.numTensors_end} | ${m.flat ? 'yes' : 'NO'} |`,
    );
}
lines.push('');
lines.push('## Hooks (items 4 and 5)');
lines.push('');
for (const [name, h] of Object.entries(results.hooks)) {
  if (h.rows) {
    lines.push(
      `- ${name}: ${h.rows.map((r) => `${r.label} ${fmt(r.value)} ${r.unit}`).join('; ')}${h.notes ? ` (${h.notes})` : ''}`,
    );
  } else lines.push(`- ${name}: ${reason(h)}`);
}
lines.push('');
lines.push(`Whole run: ${results.seconds} s. Reproduce: \`pnpm bench --threads ${threads}\`.`);
const markdown = `${lines.join('\n')}\n`;

const outDir = resolve(benchDir, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, `${opts.out}.md`), markdown);
writeFileSync(resolve(outDir, `${opts.out}.json`), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdown);
log(`wrote ${resolve(outDir, `${opts.out}.md`)} and ${opts.out}.json`);
