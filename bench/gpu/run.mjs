#!/usr/bin/env node
// The GPU benchmark, one command for a machine with a GPU (≤ 5 minutes):
//
//   node bench/gpu/run.mjs [--batches 64,512] [--models mlp,dcgan] [--quick] [--software]
//                          [--no-build] [--out gpu-latest]
//
// For each model and batch size: tfjs webgpu (@gantry/backend-webgpu on Dawn, the GPU), tfjs
// native (@gantry/backend-native, OpenBLAS on every core), and PyTorch CUDA when a Python with
// torch and CUDA is found ($BENCH_PYTHON, /usr/bin/python3, python3). Prints a table of ms per
// step with the ratios webgpu / PyTorch CUDA and webgpu / native, and writes
// bench/results/<out>.md and .json. `--software` runs webgpu on SwiftShader (no GPU needed: a
// check of this script, with tiny sizes: `--software --quick --batches 8 --models mlp`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runJson as runJsonIn } from '../_spawn.mjs';

const root = resolve(import.meta.dirname, '../..');
const { values: opts } = parseArgs({
  options: {
    batches: { type: 'string', default: '64,512' },
    models: { type: 'string', default: 'mlp,dcgan' },
    quick: { type: 'boolean', default: false },
    software: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: 'gpu-latest' },
  },
});
const batches = opts.batches.split(',').map(Number);
const models = opts.models.split(',').filter(Boolean);
if (
  batches.some((b) => !Number.isInteger(b) || b < 1) ||
  models.some((m) => !['mlp', 'dcgan'].includes(m))
) {
  console.error('--batches takes positive integers, --models mlp and/or dcgan');
  process.exit(2);
}
const cores = os.availableParallelism?.() ?? os.cpus().length;
const env = {
  ...process.env,
  // The CPU reference uses every core; PyTorch CUDA's host side is not BLAS-bound.
  OPENBLAS_NUM_THREADS: String(cores),
  GANTRY_NATIVE_THREADS: String(cores),
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
  XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? os.tmpdir(),
};
const log = (line) => process.stderr.write(`${line}\n`);
const started = Date.now();

/** bench/_spawn.mjs's runJson from the repository root under this script's environment. */
function runJson(command, args, timeoutMs) {
  return runJsonIn(command, args, { cwd: root, env, timeoutMs });
}

function findTorch() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a benchmark setting, not a turbo task input
  for (const py of [process.env['BENCH_PYTHON'], '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(
      py,
      ['-c', 'import torch; print(torch.__version__, torch.cuda.is_available())'],
      {
        encoding: 'utf8',
        env,
      },
    );
    if (r.status === 0) return { python: py, line: r.stdout.trim() };
  }
  return undefined;
}

/** Warm-up and timed steps: GPU steps are milliseconds; a CPU DCGAN step at batch 512, seconds. */
function plan(backend, model, batch) {
  // SwiftShader runs WGSL on the CPU: seconds per MLP step, so two steps only check the script.
  if (backend === 'webgpu' && opts.software) return { warmup: 1, reps: 2 };
  if (backend !== 'native') return { warmup: 5, reps: opts.quick ? 8 : 30 };
  if (model === 'mlp') return { warmup: 3, reps: opts.quick ? 5 : 20 };
  return { warmup: 1, reps: batch > 128 ? 3 : opts.quick ? 3 : 8 };
}

if (!opts['no-build']) {
  log('building @gantry/backend-webgpu and @gantry/backend-native (tsup)...');
  const b = spawnSync(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@gantry/backend-webgpu',
      '--filter=@gantry/backend-native',
      '--output-logs=errors-only',
    ],
    { cwd: root, env, encoding: 'utf8' },
  );
  if (b.status !== 0) log(`build failed: ${(b.stderr || b.stdout).trim().split('\n').pop()}`);
}
const torch = findTorch();
log(
  torch ? `PyTorch: ${torch.python} (torch, CUDA available: ${torch.line})` : 'PyTorch: not found',
);

const rows = [];
for (const model of models) {
  for (const batch of batches) {
    const run = (backend) => {
      const { warmup, reps } = plan(backend, model, batch);
      const common = [
        '--model',
        model,
        '--batch',
        String(batch),
        '--warmup',
        String(warmup),
        '--reps',
        String(reps),
      ];
      log(`${model} batch ${batch}: ${backend} (${warmup} + ${reps} steps)...`);
      if (backend === 'webgpu') {
        return runJson(
          process.execPath,
          ['bench/gpu/webgpu-step.mjs', ...common, ...(opts.software ? ['--software'] : [])],
          opts.software ? 600_000 : 120_000,
        );
      }
      if (backend === 'native') {
        return runJson(
          process.execPath,
          ['bench/tfjs-step.mjs', '--backend', 'native', '--threads', String(cores), ...common],
          120_000,
        );
      }
      if (!torch) return { skipped: 'no python3 with torch' };
      return runJson(torch.python, ['bench/gpu/torch_cuda.py', ...common], 120_000);
    };
    rows.push({ model, batch, webgpu: run('webgpu'), native: run('native'), torch: run('torch') });
  }
}

const ms = (r) => r?.ms_per_step ?? r?.median_ms;
const fmt = (r) =>
  ms(r) !== undefined ? ms(r).toFixed(ms(r) < 10 ? 2 : 1) : (r?.skipped ?? r?.error ?? '—');
const ratio = (a, b) => (ms(a) && ms(b) ? `${(ms(a) / ms(b)).toFixed(2)}×` : '—');
const adapter = rows.find((r) => r.webgpu.adapter)?.webgpu.adapter ?? 'no adapter';
const torchDevice = rows.find((r) => r.torch.device)?.torch.device ?? 'no CUDA';
const lines = [
  `# GPU benchmark — ${new Date().toISOString().slice(0, 10)}`,
  '',
  `${os.cpus()[0]?.model ?? 'cpu'} (${cores} cores) · webgpu on ${adapter} · PyTorch on ${torchDevice} · ` +
    `native with ${cores} threads · Node ${process.version} · ${Math.round((Date.now() - started) / 1000)} s`,
  '',
  'ms per step: webgpu and PyTorch CUDA = R steps queued, one sync at the end, ÷ R; native = median of synced steps.',
  '',
  '| step | batch | webgpu | native | PyTorch CUDA | webgpu / PyTorch | webgpu / native |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.model === 'mlp' ? 'MLP GAN' : 'DCGAN 28×28×1'} | ${r.batch} | ${fmt(r.webgpu)} | ${fmt(r.native)} | ${fmt(r.torch)} | ${ratio(r.webgpu, r.torch)} | ${ratio(r.webgpu, r.native)} |`,
  ),
];
const dcgan64 = rows.find((r) => r.model === 'dcgan' && r.batch === 64);
if (ms(dcgan64?.webgpu) && ms(dcgan64?.torch)) {
  const x = ms(dcgan64.webgpu) / ms(dcgan64.torch);
  lines.push(
    '',
    `Goal (issue 17): DCGAN at batch 64 ≤ 1.5× PyTorch CUDA — ${x.toFixed(2)}×: ${x <= 1.5 ? 'met' : 'not met'}.`,
  );
}
const md = `${lines.join('\n')}\n`;
const outDir = resolve(root, 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, `${opts.out}.md`), md);
writeFileSync(resolve(outDir, `${opts.out}.json`), `${JSON.stringify({ cores, rows }, null, 2)}\n`);
process.stdout.write(md);
