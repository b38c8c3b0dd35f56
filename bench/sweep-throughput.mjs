#!/usr/bin/env node
// Sweep throughput on a BullMQ queue: a 4-job ring2d sweep taken by 1 and by 2 `gantry worker`s
// (concurrency 1 each), on a redis-server this script starts on a free loopback port. Uses the
// built CLI (`pnpm exec turbo run build --filter=@gantry/cli...` first). Prints the wall time
// from enqueueing to the last job done, per worker count (median of --repeat runs), and the ratio.
//
//   node bench/sweep-throughput.mjs [--steps 1000] [--repeat 3] [--workers 1,2]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/gantry.js');
const { values: opts } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '3' },
    workers: { type: 'string', default: '1,2' },
  },
});

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const port = await freePort();
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;

const sweep = `base: { data: ring2d, steps: ${Number(opts.steps)}, sampleEvery: 0, checkpointEvery: 500 }
grid: { seed: [1, 2, 3, 4] }
`;

/** Seconds from `gantry sweep --detach` to every job done, with `n` workers. */
async function once(n) {
  const dir = mkdtempSync(join(os.tmpdir(), 'gantry-bench-sweep-'));
  writeFileSync(join(dir, 'sweep.yaml'), sweep);
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      bin,
      'sweep',
      '--config',
      join(dir, 'sweep.yaml'),
      '--out',
      join(dir, 'out'),
      '--queue',
      url,
      '--detach',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const workers = Array.from({ length: n }, (_, i) =>
    spawn(process.execPath, [bin, 'worker', '--queue', url, '--name', `bench-${i + 1}`], {
      stdio: 'ignore',
    }),
  );
  const done = () =>
    JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).jobs.every(
      (j) => j.status === 'done',
    );
  for (let i = 0; i < 7200 && !done(); i++) await new Promise((r) => setTimeout(r, 250));
  const seconds = (performance.now() - t0) / 1000;
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
  const backend = JSON.parse(readFileSync(join(dir, 'out', 'seed=1', 'config.json'), 'utf8'))
    .backend.name;
  rmSync(dir, { recursive: true, force: true });
  return { seconds, backend };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
try {
  for (const n of opts.workers.split(',').map(Number)) {
    const runs = [];
    let backend = '';
    for (let i = 0; i < Number(opts.repeat); i++) {
      const r = await once(n);
      runs.push(r.seconds);
      backend = r.backend;
      console.error(`${n} worker(s), run ${i + 1}: ${r.seconds.toFixed(1)} s`);
    }
    rows.push({ n, median: median(runs), runs, backend });
  }
} finally {
  redis.kill();
}
console.log(
  `4-job ring2d sweep, ${opts.steps} steps per job, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)} at the end`,
);
console.log('| workers | median wall (s) | runs (s) | jobs/min | backend |');
console.log('| ------- | --------------- | -------- | -------- | ------- |');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.median.toFixed(1)} | ${r.runs.map((s) => s.toFixed(1)).join(', ')} | ${(240 / r.median).toFixed(2)} | ${r.backend} |`,
  );
}
if (rows.length === 2)
  console.log(
    `throughput ratio (${rows[1].n} vs ${rows[0].n} workers): ${(rows[0].median / rows[1].median).toFixed(2)}`,
  );
