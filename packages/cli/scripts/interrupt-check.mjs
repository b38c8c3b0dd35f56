#!/usr/bin/env node
// Interrupt check: runs the built `gantry` (dist/bin.js) and interrupts it at seeded random
// moments while it downloads (from a loopback server that trickles or stalls), trains, samples
// and evaluates; then counts the temporary files left behind, right after the interruption and
// after the next run of the same command (which removes what a SIGKILL could not). Goal: 0 and 0.
//
//   node packages/cli/scripts/interrupt-check.mjs [--runs 20] [--seed 1] [--json]
//
// --runs N interrupted runs per command; signals cycle SIGINT, SIGTERM, SIGKILL (downloads also
// "stall": the server stops sending and the download's own idle timeout ends it). Exits 1 when
// any temporary file is left or a follow-up run fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
if (!existsSync(bin)) {
  process.stderr.write(`${bin} is missing: build the CLI first (pnpm build)\n`);
  process.exit(2);
}

/** mulberry32: seeded delays, so a run can be repeated. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(Number(values.seed) * 2654435761);

/** A loopback server: /trickle sends 32 KiB every 50 ms, /stall 64 KiB and then nothing. */
function startServer() {
  const open = new Set();
  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    res.writeHead(200, { 'content-length': '9912422' }); // train-images-idx3-ubyte.gz
    const chunk = Buffer.alloc(32 * 1024, 7);
    if (req.url?.startsWith('/stall/')) return void res.write(Buffer.concat([chunk, chunk]));
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(chunk)), 50);
    res.on('close', () => clearInterval(timer));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => {
          for (const r of open) r.destroy();
          return new Promise((done) => server.close(done));
        },
      }),
    ),
  );
}

/**
 * Runs `gantry args` in `cwd`; when `signal` is given, sends it `delay` ms after `ready` matched
 * stderr (or after the start), or, with `watch`, the moment a temporary file appears in that
 * folder (mid-write). Every run is bounded: SIGKILL after 120 s. `midWrite` says whether a
 * temporary file existed when the signal was sent.
 */
function gantry(args, { cwd, signal, ready, delay = 0, watch }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    let midWrite = false;
    let timer;
    let poll;
    const kill = async () => {
      midWrite = (await tempFiles(cwd)).length > 0;
      child.kill(signal);
    };
    const fire = () => {
      if (sent || !signal || signal === 'stall') return;
      sent = true;
      if (!watch) return void (timer = setTimeout(kill, delay));
      let busy = false;
      poll = setInterval(async () => {
        if (busy) return;
        busy = true;
        if ((await tempFiles(join(cwd, watch))).length > 0) {
          clearInterval(poll);
          midWrite = true;
          child.kill(signal);
        }
        busy = false;
      }, 2);
    };
    if (!ready) fire();
    child.stderr.on('data', (d) => {
      stderr += d;
      if (ready?.test(stderr)) fire();
    });
    child.stdout.resume();
    const bound = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code, by) => {
      clearTimeout(timer);
      clearInterval(poll);
      clearTimeout(bound);
      resolve({ code, signal: by, stderr, midWrite, beforeSignal: signal && !by && code !== 130 });
    });
  });
}

/** Temporary files under `dir`: `.NAME.PID.N.tmp` and checkpoint folders set aside. */
async function tempFiles(dir) {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.filter((p) => {
    const name = p.split('/').pop();
    return /^\..+\.\d+\.\d+\.tmp$/.test(name) || /^\.(tmp|old)-step-\d+-\d+$/.test(name);
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'];

/** The commands, each with how to interrupt it and how to run it again after. */
function commands(server, base) {
  return {
    download: {
      signals: [...SIGNALS, 'stall'],
      run: (i, signal) => ({
        args: [
          'data',
          'download',
          'mnist',
          '--mirror',
          `${server.url}/${signal === 'stall' ? 'stall' : 'trickle'}`,
          '--cache-dir',
          `cache-${i}`,
          '--retries',
          '0',
          ...(signal === 'stall' ? ['--timeout', '1'] : []),
        ],
        ready: /trying /,
        delay: 200 + random() * 2000, // the body trickles for seconds: a temporary file exists
      }),
      // The next download into the same cache (stalling, so it ends by itself).
      again: (i) => [
        'data',
        'download',
        'mnist',
        '--mirror',
        `${server.url}/stall`,
        '--cache-dir',
        `cache-${i}`,
        '--retries',
        '0',
        '--timeout',
        '0.5',
      ],
      againOk: (r) => r.code === 1 && /E_TIMEOUT/.test(r.stderr),
    },
    train: {
      signals: SIGNALS,
      run: (i) => ({
        args: [
          'train',
          '--data',
          'ring2d',
          '--steps',
          '1000000',
          '--checkpoint-every',
          '3',
          '--sample-every',
          '4',
          '--backend',
          'cpu',
          '--out',
          `run-${i}`,
        ],
        ready: /run folder: /,
        delay: random() * 1500,
        // Every other run is interrupted the moment a checkpoint or sample is being written.
        ...(i % 2 === 1 ? { watch: `run-${i}` } : {}),
      }),
      again: async (i, cwd) => {
        const latest = await readFile(join(cwd, `run-${i}`, 'checkpoints', 'latest'), 'utf8')
          .then((s) => Number(s.trim().slice(5)))
          .catch(() => undefined);
        return ['train', '--resume', `run-${i}`, '--steps', String((latest ?? 0) + 3)];
      },
      // A run killed before its first checkpoint cannot resume (and says so); others complete.
      againOk: (r) => r.code === 0 || /E_RESUME/.test(r.stderr),
    },
    sample: {
      signals: SIGNALS,
      run: (i) => ({
        args: [
          'sample',
          '--run',
          base,
          '--n',
          '4096',
          '--out',
          `grid-${i}.png`,
          '--backend',
          'cpu',
        ],
        delay: 600 + random() * 2500,
      }),
      again: (i) => ['sample', '--run', base, '--n', '64', '--out', `grid-${i}.png`],
      againOk: (r) => r.code === 0,
    },
    eval: {
      signals: SIGNALS,
      run: (i) => ({
        args: [
          'eval',
          '--run',
          base,
          '--metric',
          'modes',
          '--n',
          '100000',
          '--out',
          `eval-${i}.json`,
        ],
        ready: /generate: /,
        delay: random() * 1500,
      }),
      again: (i) => [
        'eval',
        '--run',
        base,
        '--metric',
        'modes',
        '--n',
        '500',
        '--out',
        `eval-${i}.json`,
      ],
      againOk: (r) => r.code === 0,
    },
  };
}

const cwd = await mkdtemp(join(tmpdir(), 'gantry-interrupt-'));
const server = await startServer();
const started = Date.now();
const report = [];
try {
  const base = join(cwd, 'base');
  const trained = await gantry(
    ['train', '--data', 'ring2d', '--steps', '20', '--backend', 'cpu', '--out', base],
    { cwd },
  );
  if (trained.code !== 0) throw new Error(`could not train the base run:\n${trained.stderr}`);
  for (const [name, cmd] of Object.entries(commands(server, base))) {
    const rows = {};
    for (let i = 0; i < RUNS; i++) {
      const signal = cmd.signals[i % cmd.signals.length];
      const row = (rows[signal] ??= {
        runs: 0,
        midWrite: 0,
        endedBefore: 0,
        leftAfter: 0,
        leftAfterNext: 0,
        nextFailed: 0,
        exits: {},
      });
      const { args, ready, delay, watch } = cmd.run(i, signal);
      const r = await gantry(args, { cwd, signal, ready, delay, watch });
      row.runs += 1;
      if (r.midWrite) row.midWrite += 1;
      const exit = r.signal ?? `exit ${r.code}`;
      row.exits[exit] = (row.exits[exit] ?? 0) + 1;
      if (signal !== 'stall' && r.beforeSignal) row.endedBefore += 1;
      row.leftAfter += (await tempFiles(cwd)).length;
      const next = await gantry(await cmd.again(i, cwd), { cwd });
      if (!cmd.againOk(next)) {
        row.nextFailed += 1;
        process.stderr.write(`${name} #${i} (${signal}): follow-up failed:\n${next.stderr}\n`);
      }
      const left = await tempFiles(cwd);
      row.leftAfterNext += left.length;
      if (left.length > 0)
        process.stderr.write(`${name} #${i} (${signal}): left ${left.join(', ')}\n`);
      // Files a SIGKILL left are counted once (above), then removed by the follow-up; clear any
      // that stayed so the next case starts clean and is counted on its own.
      for (const p of left) await rm(join(cwd, p), { recursive: true, force: true });
    }
    report.push({ command: name, rows });
  }
} finally {
  await server.close();
  await rm(cwd, { recursive: true, force: true });
}

let failed = 0;
const lines = [];
for (const { command, rows } of report) {
  for (const [signal, r] of Object.entries(rows)) {
    // Right after a SIGKILL, files may remain (it cannot be caught): the next run removes them.
    const leftNow = signal === 'SIGKILL' ? 0 : r.leftAfter;
    failed += leftNow + r.leftAfterNext + r.nextFailed;
    const exits = Object.entries(r.exits)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
    lines.push(
      `${command.padEnd(8)} ${signal.padEnd(7)} ${r.runs} runs (${exits}; ${r.midWrite} signalled mid-write, ${r.endedBefore} ended before the signal): temp files left ${r.leftAfter} right after, ${r.leftAfterNext} after the next run; ${r.nextFailed} follow-ups failed`,
    );
  }
}
if (values.json)
  process.stdout.write(
    `${JSON.stringify({ report, failed, seconds: (Date.now() - started) / 1000 })}\n`,
  );
else
  process.stdout.write(
    `${lines.join('\n')}\n${failed === 0 ? 'OK' : 'FAILED'}: ${failed} problems in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${values.seed})\n`,
  );
process.exit(failed === 0 ? 0 : 1);
