#!/usr/bin/env node
// `pnpm bench`: Gantry's GAN steps on tfjs `native` side by side with PyTorch CPU, in one run,
// at 1 thread and at every core, as ratios; scaling 1 → N cores; the cost of layer norm in a
// WGAN-GP critic; other tfjs backends; memory over many steps; the trainer/data hooks. Not part
// of the test suite. Writes bench/results/<out>.md and .json and prints the markdown.
//
//   node scripts/bench.mjs --backend webgpu [bench/gpu/run.mjs's options]: the GPU benchmark
//   node scripts/bench.mjs [--threads 1,all] [--rounds 3] [--quick]
//                          [--models mlp,dcgan,wgangp,wgangp-ln] [--backends wasm,cpu]
//                          [--memory-steps 1000] [--cpu-dcgan] [--ablation] [--out latest]
//
// Every measurement runs in its own process (no cross-talk, clean RSS): warm-up steps, then
// timed steps. Each (step, threads) pair is measured `--rounds` times, tfjs and PyTorch
// alternating, and the table gives the median of the round medians with their range, because
// these machines are shared. Both sides run under the same environment: the thread count is
// set for every runtime (GANTRY_NATIVE_THREADS, torch.set_num_threads, OPENBLAS_NUM_THREADS,
// OMP_NUM_THREADS, MKL_NUM_THREADS), and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left as found
// (and printed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReport } from '../bench/_report.mjs';
import { runJson as runJsonIn } from '../bench/_spawn.mjs';

const root = resolve(import.meta.dirname, '..');
const benchDir = resolve(root, 'bench');

// `pnpm bench --backend webgpu [GPU options]`: the GPU benchmark (bench/gpu/run.mjs) instead.
const argv = process.argv.slice(2);
const backendAt = argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
if (backendAt >= 0) {
  const inline = argv[backendAt]?.split('=')[1];
  const backend = inline ?? argv[backendAt + 1];
  if (backend !== 'webgpu') {
    console.error(`--backend: only webgpu (the GPU benchmark), got ${backend ?? 'nothing'}`);
    process.exit(2);
  }
  const rest = argv.filter((_, i) => i !== backendAt && (inline || i !== backendAt + 1));
  const gpu = spawnSync(process.execPath, [resolve(benchDir, 'gpu/run.mjs'), ...rest], {
    stdio: 'inherit',
  });
  process.exit(gpu.status ?? 1);
}
const { values: opts } = parseArgs({
  options: {
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
    threads: { type: 'string', default: process.env['BENCH_THREADS'] ?? '1,all' },
    rounds: { type: 'string' },
    quick: { type: 'boolean', default: false },
    models: { type: 'string', default: 'mlp,dcgan,wgangp,wgangp-ln' },
    backends: { type: 'string', default: 'wasm,cpu' },
    'memory-steps': { type: 'string' },
    'cpu-dcgan': { type: 'boolean', default: false },
    ablation: { type: 'boolean', default: false },
    out: { type: 'string', default: 'latest' },
  },
});
const cores = os.availableParallelism?.() ?? os.cpus().length;
const threadCounts = [
  ...new Set(opts.threads.split(',').map((t) => (t === 'all' ? cores : Number(t)))),
];
if (threadCounts.some((t) => !Number.isInteger(t) || t < 1)) {
  console.error(`--threads must be a list of positive integers or "all", got ${opts.threads}`);
  process.exit(2);
}
const quick = opts.quick;
const rounds = Number(opts.rounds ?? (quick ? 1 : 3));
const memorySteps = Number(opts['memory-steps'] ?? (quick ? 100 : 1000));
const models = opts.models.split(',').filter(Boolean);
const extraBackends = opts.backends.split(',').filter(Boolean);
if (opts.ablation) extraBackends.unshift('nativeblas');
const maxThreads = Math.max(...threadCounts);

/** The same thread count for every runtime involved; OPENBLAS_CORETYPE etc. left as found. */
const envFor = (threads) => ({
  ...process.env,
  OPENBLAS_NUM_THREADS: String(threads),
  OMP_NUM_THREADS: String(threads),
  MKL_NUM_THREADS: String(threads),
  GANTRY_NATIVE_THREADS: String(threads),
});
const log = (line) => process.stderr.write(`${line}\n`);

/** bench/_spawn.mjs's runJson under the environment of `threads`. */
function runJson(command, args, { threads = 1, timeoutMs = 10 * 60_000 } = {}) {
  return runJsonIn(command, args, { cwd: root, env: envFor(threads), timeoutMs });
}

/** Warm-up and timed steps per backend and step. */
function plan(backend, model) {
  if (backend === 'cpu')
    return model === 'mlp' ? { warmup: 1, reps: quick ? 1 : 3 } : { warmup: 0, reps: 1 };
  if (backend === 'wasm') return { warmup: 2, reps: quick ? 3 : 8 };
  if (model === 'mlp') return { warmup: 15, reps: quick ? 10 : 40 };
  if (model === 'dcgan') return { warmup: 3, reps: quick ? 4 : 12 };
  return { warmup: 2, reps: quick ? 3 : 8 };
}

function findTorchPython() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
  for (const py of [process.env['BENCH_PYTHON'], '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python: py, version: r.stdout.trim() };
  }
  return undefined;
}

const tfjsStep = (backend, model, threads) => {
  const { warmup, reps } = plan(backend, model);
  const args = ['--backend', backend, '--model', model, '--threads', String(threads)];
  return runJson(
    process.execPath,
    [resolve(benchDir, 'tfjs-step.mjs'), ...args, '--warmup', `${warmup}`, '--reps', `${reps}`],
    { threads, timeoutMs: (backend === 'cpu' ? 15 : 10) * 60_000 },
  );
};
const torchStep = (torch, model, threads) => {
  const { warmup, reps } = plan('native', model);
  const args = ['--model', model, '--threads', String(threads)];
  return runJson(
    torch.python,
    [resolve(benchDir, 'torch_bench.py'), ...args, '--warmup', `${warmup}`, '--reps', `${reps}`],
    { threads },
  );
};

const started = Date.now();
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores,
  memory_gb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  openblas_env: Object.fromEntries(
    Object.entries(process.env).filter(([k]) => /^OPENBLAS_(CORETYPE|L2_SIZE|VERBOSE)$/.test(k)),
  ),
};
log(
  `machine: ${machine.cpu}, ${cores} cores; threads ${threadCounts.join(', ')}; ${rounds} round(s)`,
);

log('building @gantry/backend-native, models, losses (turbo; cached when unchanged)...');
const filters = ['backend-native', 'models', 'losses', 'trainer'].map(
  (p) => `--filter=@gantry/${p}`,
);
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'],
  { cwd: root, encoding: 'utf8' },
);
const nativeBuilt =
  build.status === 0 && existsSync(resolve(root, 'packages/backend-native/dist/index.js'));
if (!nativeBuilt) log(`build failed: ${(build.stderr || build.stdout).trim().split('\n').pop()}`);

const torch = findTorchPython();
const results = { machine, rounds, threadCounts, runs: [], extra: {}, memory: {}, hooks: {} };

// 1. tfjs native and PyTorch, each (step, threads) `rounds` times, alternating.
for (let round = 0; round < rounds; round++) {
  for (const threads of threadCounts) {
    for (const model of models) {
      const sides = round % 2 === 0 ? ['native', 'torch'] : ['torch', 'native'];
      for (const side of sides) {
        log(`round ${round + 1}/${rounds}: ${model}, ${threads} thread(s), ${side}...`);
        let r;
        if (side === 'native') {
          r = nativeBuilt
            ? tfjsStep('native', model, threads)
            : { skipped: '@gantry/backend-native did not build (see above)' };
        } else {
          r = torch
            ? torchStep(torch, model, threads)
            : { skipped: 'python3-torch not found (Debian: apt-get install python3-torch)' };
        }
        results.runs.push({ round, threads, model, side, ...r });
      }
    }
  }
}

// 2. Other tfjs backends, one thread, one round.
for (const backend of extraBackends) {
  results.extra[backend] = {};
  for (const model of models.filter((m) => m === 'mlp' || m === 'dcgan')) {
    if (backend === 'cpu' && model === 'dcgan' && !opts['cpu-dcgan']) {
      results.extra[backend][model] = {
        skipped:
          'minutes per batch-64 step (91% in Conv2DBackpropFilter); --cpu-dcgan measures one',
      };
      continue;
    }
    log(`${model} on tfjs ${backend}, 1 thread...`);
    results.extra[backend][model] = tfjsStep(backend, model, 1);
  }
}

// 3. Memory over many steps on native, every thread of the run's largest count.
for (const model of models.filter((m) => m === 'mlp' || m === 'dcgan')) {
  if (!nativeBuilt) {
    results.memory[model] = { skipped: '@gantry/backend-native did not build' };
    continue;
  }
  log(`memory: ${memorySteps} ${model} steps on native, ${maxThreads} thread(s)...`);
  results.memory[model] = runJson(
    process.execPath,
    [
      resolve(benchDir, 'memory.mjs'),
      ...['--backend', 'native', '--model', model, '--steps', String(memorySteps)],
      ...['--every', String(Math.max(1, memorySteps / 10))],
    ],
    { threads: maxThreads, timeoutMs: 20 * 60_000 },
  );
}

// 4. Hooks filled in by the trainer and datasets packages.
const mlpRun = results.runs.find((r) => r.side === 'native' && r.model === 'mlp' && r.median_ms);
const stepRate = mlpRun ? (1000 / mlpRun.median_ms).toFixed(2) : '0';
results.hooks.trainerOverhead = runJson(
  process.execPath,
  [resolve(benchDir, 'trainer-overhead.mjs'), '--threads', String(maxThreads)],
  { threads: maxThreads },
);
results.hooks.pipelineThroughput = runJson(
  process.execPath,
  [resolve(benchDir, 'pipeline-throughput.mjs'), '--step-rate', stepRate],
  { threads: maxThreads },
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
results.command = `pnpm bench ${process.argv.slice(2).join(' ')}`.trim();

const markdown = renderReport(results);
const outDir = resolve(benchDir, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, `${opts.out}.md`), markdown);
writeFileSync(resolve(outDir, `${opts.out}.json`), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdown);
log(`wrote ${resolve(outDir, `${opts.out}.md`)} and ${opts.out}.json`);
