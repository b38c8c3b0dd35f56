import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RedisServer, startRedis } from '@gantry/test-utils/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, workspaceRoot } from './_pack';

const bin = join(workspaceRoot, 'packages/cli/bin/gantry.js');

/** Runs the built `gantry` (non-TTY, like CI) and resolves with its exit code and output. */
function gantry(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const SWEEP = `name: ring-seeds
base:
  data: ring2d
  steps: 60
  generatorHidden: [16]
  discriminatorHidden: [16]
  batchSize: 32
  sampleEvery: 0
  logEvery: 20
  backend: cpu
grid:
  seed: [1, 2]
`;

let cwd = '';
let redis: RedisServer | undefined;
let worker: ChildProcess | undefined;
beforeAll(async () => {
  await buildPackages(['cli']);
  cwd = await mkdtemp(join(tmpdir(), 'gantry-sweep-e2e-'));
  await writeFile(join(cwd, 'sweep.yaml'), SWEEP);
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await redis?.stop();
});

const summaryOf = async (dir: string) =>
  JSON.parse(await readFile(join(cwd, dir, 'summary.json'), 'utf8'));

describe('gantry sweep and gantry worker, end to end (built CLI)', () => {
  it('runs the grid in two processes; each job is a run folder gantry eval reads', async () => {
    const r = await gantry(
      ['sweep', '--config', 'sweep.yaml', '--out', 'local', '--parallel', '2'],
      cwd,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/seed=1: running on .+\/local-\d \(attempt 1\)/);
    expect(r.out).toContain('sweep ring-seeds: 2 jobs, 2 done, 0 running, 0 queued, 0 failed');
    const summary = await summaryOf('local');
    expect(summary.jobs.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([
      ['seed=1', 'done'],
      ['seed=2', 'done'],
    ]);
    expect(summary.jobs[0].final.step).toBe(60);
    const e = await gantry(
      ['eval', '--run', 'local/seed=1', '--n', '500', '--metric', 'modes'],
      cwd,
    );
    expect(e.code, e.err).toBe(0);
    expect(e.out).toContain('Modes captured');
    const again = await gantry(['sweep', '--config', 'sweep.yaml', '--out', 'local'], cwd);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('seed=2: done before, skipped');
  });

  it('--queue --detach, a gantry worker takes the jobs, sweep status follows; a rerun adds nothing', async () => {
    redis = await startRedis();
    const url = redis.url;
    const d = await gantry(
      ['sweep', '--config', 'sweep.yaml', '--out', 'queued', '--queue', url, '--detach'],
      cwd,
    );
    expect(d.code, d.err).toBe(0);
    expect(d.err).toContain(`2 job(s) put on the queue at ${url}`);
    worker = spawn(process.execPath, [bin, 'worker', '--queue', url, '--name', 'e2e-worker'], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Poll the file (bounded: 120 s), then ask gantry once.
    const done = async () =>
      (await summaryOf('queued')).jobs.every((j: { status: string }) => j.status === 'done');
    for (let i = 0; i < 240 && !(await done()); i++) await new Promise((r) => setTimeout(r, 500));
    const status = await gantry(['sweep', 'status', '--out', 'queued', '--json'], cwd);
    const summary = JSON.parse(status.out);
    expect(
      summary.jobs.map((j: { status: string; worker: string }) => [j.status, j.worker]),
    ).toEqual([
      ['done', 'e2e-worker'],
      ['done', 'e2e-worker'],
    ]);
    const table = await gantry(['sweep', 'status', '--out', 'queued'], cwd);
    expect(table.out).toMatch(/seed=1\s+done\s+60 /);
    const again = await gantry(
      ['sweep', '--config', 'sweep.yaml', '--out', 'queued', '--queue', url],
      cwd,
    );
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('0 job(s) put on the queue');
    expect(again.out).toContain('2 done');
    worker.kill('SIGTERM');
  });
});
