import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@gantry/test-utils/redis';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './__tests__/runCli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-cli-sweep-'));
});

async function sweepFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('gantry sweep and gantry worker: bad input', () => {
  it('names an unknown key of the sweep file or a bad grid value (exit 2)', async () => {
    const unknown = await sweepFile(
      'unknown.yaml',
      'base: { data: ring2d }\ngrid: { los: [lsgan] }\n',
    );
    const r = await cli('sweep', '--config', unknown, '--out', join(dir, 'u'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--config ${unknown}: unknown grid key "grid.los"`);
    const badValue = await sweepFile('bad.yaml', 'grid: { seed: [1, two] }\n');
    const b = await cli('sweep', '--config', badValue, '--out', join(dir, 'b'));
    expect(b.code).toBe(2);
    expect(b.err).toContain('"grid.seed[1]"');
    const badJob = await sweepFile(
      'job.yaml',
      'base: { data: ring2d }\ngrid: { model: [dcgan] }\n',
    );
    const j = await cli('sweep', '--config', badJob, '--out', join(dir, 'j'));
    expect(j.code).toBe(2);
    expect(j.err).toContain('job "model=dcgan": model "dcgan" needs image data');
    await expect(stat(join(dir, 'j'))).rejects.toThrow('ENOENT');
  });

  it('refuses flags that do not fit, and a URL that is not redis:// (exit 2)', async () => {
    const ok = await sweepFile('ok.yaml', 'base: { data: ring2d, steps: 5 }\n');
    const cases: [string[], string][] = [
      [['sweep', '--out', join(dir, 'x')], 'gantry sweep needs --config'],
      [
        ['sweep', '--config', ok, '--out', join(dir, 'x'), '--detach'],
        '--detach needs --queue URL',
      ],
      [
        ['sweep', '--config', ok, '--out', join(dir, 'x'), '--queue', 'http://h:1'],
        '--queue expects redis://HOST:PORT',
      ],
      [
        [
          'sweep',
          '--config',
          ok,
          '--out',
          join(dir, 'x'),
          '--queue',
          'redis://h:1',
          '--parallel',
          '2',
        ],
        '--parallel is for this machine',
      ],
      [['sweep', 'status', '--out', join(dir, 'none')], 'no sweep here'],
      [['worker'], 'gantry worker needs --queue'],
      [
        ['worker', '--queue', 'redis://h:1', '--concurrency', 'x'],
        '--concurrency expects an integer',
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toContain(message);
    }
  });

  it('Redis unreachable: exit 1 with the address, in bounded time, nothing written', async () => {
    const ok = await sweepFile('ok2.yaml', 'base: { data: ring2d, steps: 5 }\n');
    const url = `redis://127.0.0.1:${await freePort()}`;
    const out = join(dir, 'unreachable');
    const t0 = Date.now();
    const r = await cli('sweep', '--config', ok, '--out', out, '--queue', url);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`gantry: error [E_QUEUE]: cannot reach Redis at ${url}`);
    await expect(stat(out)).rejects.toThrow('ENOENT');
    const w = await cli('worker', '--queue', url);
    expect(w.code).toBe(1);
    expect(w.err).toContain(`cannot reach Redis at ${url}`);
  });
});
