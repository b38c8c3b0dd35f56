import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, workspaceRoot } from './_pack';

const bin = join(workspaceRoot, 'packages/cli/dist/bin.js');

/** Runs `command args` and resolves with its exit code and output (bounded by `timeoutMs`). */
function run(command: string, args: string[], cwd: string, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => buildPackages(['cli']));

describe('the built gantry, interrupted and starved of disk', () => {
  it('leaves no temporary file after interrupted downloads, trainings, samples and evals', async () => {
    // The small version of `node packages/cli/scripts/interrupt-check.mjs` (20 runs each).
    const script = join(workspaceRoot, 'packages/cli/scripts/interrupt-check.mjs');
    const r = await run(
      process.execPath,
      [script, '--runs', '3', '--json'],
      workspaceRoot,
      500_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const { report, failed } = JSON.parse(r.stdout) as {
      report: { command: string; rows: Record<string, { runs: number; leftAfterNext: number }> }[];
      failed: number;
    };
    expect(failed).toBe(0);
    expect(report.map((c) => c.command)).toEqual(['download', 'train', 'sample', 'eval']);
    for (const { command, rows } of report) {
      expect(Object.keys(rows), command).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
      for (const row of Object.values(rows)) expect(row.leftAfterNext, command).toBe(0);
    }
  }, 600_000);

  it('stops on a full disk naming the last good checkpoint, and resumes when space is back', async () => {
    expect(spawnSync('unshare', ['-rm', 'true']).status, 'unshare -rm must work here').toBe(0);
    const cwd = await mkdtemp(join(tmpdir(), 'gantry-enospc-'));
    const disk = join(cwd, 'disk');
    const kept = join(cwd, 'kept');
    await writeFile(
      join(cwd, 'tiny.yaml'),
      'generatorHidden: [16]\ndiscriminatorHidden: [16]\nkeepCheckpoints: 1000\n',
    );
    const train = `"${process.execPath}" "${bin}" train --config tiny.yaml --data ring2d --steps 2000 --checkpoint-every 10 --sample-every 0 --backend cpu --out "$0/run"`;
    // A 256 KiB tmpfs in a private mount namespace: the run fills it; then it grows to 16 MiB.
    const script = [
      'mkdir -p "$0" && mount -t tmpfs -o size=256k tmpfs "$0" || exit 99',
      `${train} >/dev/null 2>"$1.first"; echo "first $?"`,
      'mount -o remount,size=16m tmpfs "$0" || exit 98',
      `"${process.execPath}" "${bin}" train --resume "$0/run" >/dev/null 2>"$1.second"; echo "second $?"`,
      'cp -a "$0/run" "$1"',
    ].join('\n');
    const r = await run('unshare', ['-rm', 'sh', '-c', script, disk, kept], cwd, 300_000);
    expect(r.stdout).toBe('first 1\nsecond 0\n');
    const first = await readFile(`${kept}.first`, 'utf8');
    const m =
      /error \[E_NO_SPACE\]: (\S+): no space left on the device while (.+?) \(ENOSPC\); the last good checkpoint is (\S+)\/step-(\d+) \(intact\): free some space and continue with --resume (\S+)\n/.exec(
        first,
      );
    expect(m, first).not.toBeNull();
    const [, file = '', , folder, step] = m as RegExpExecArray;
    expect(file.startsWith(join(disk, 'run'))).toBe(true);
    expect(folder).toBe(join(disk, 'run', 'checkpoints'));
    const lastGood = Number(step);
    expect(lastGood).toBeGreaterThan(0);
    expect(lastGood).toBeLessThan(2000);
    // It resumed from exactly that checkpoint, intact, and finished the run.
    const second = await readFile(`${kept}.second`, 'utf8');
    expect(second).toContain(`resuming at step ${lastGood}`);
    const lines = (await readFile(join(kept, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).step)).toEqual(
      Array.from({ length: 2000 }, (_, i) => i + 1),
    );
    expect(JSON.parse(await readFile(join(kept, 'summary.json'), 'utf8')).reason).toBe('completed');
    const names = await readdir(join(kept, 'checkpoints'));
    expect(names).toContain(`step-${step}`);
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]); // no half-written checkpoint
  }, 400_000);
});
