import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { useFastBackend } from '@gantry/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileSystemError } from './fsErrors';
import { runTraining } from './runTraining';
import { sampleFromRun } from './sampleFromRun';
import { writeOutputFile } from './tempFiles';

/** The pid of a process that has exited (a killed writer's, as far as its files can tell). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

const tiny = {
  data: 'ring2d',
  generatorHidden: [4],
  discriminatorHidden: [4],
  sampleEvery: 2,
  checkpointEvery: 2,
  keepCheckpoints: 10,
  backend: 'cpu' as const,
};

beforeAll(() => useFastBackend(() => import('@gantry/backend-native')));

describe('temporary files of killed processes', () => {
  it('are removed from the run folder on resume; those of live processes stay', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gantry-stale-')), 'run');
    await runTraining({ ...tiny, steps: 4, out });
    const dead = deadPid();
    const ckpt = join(out, 'checkpoints');
    // What a SIGKILL at various moments leaves: a checkpoint folder being written, the latest
    // pointer, a sample grid, the record, the final generator's weights; older names too.
    const stale = [
      `checkpoints/.step-000006.${dead}.1.tmp/`,
      `checkpoints/.latest.${dead}.7.tmp`,
      `checkpoints/.tmp-step-000006-${dead}/`,
      `samples/.step-000006.png.${dead}.3.tmp`,
      `.config.json.${dead}.2.tmp`,
      `generator/.weights.bin.${dead}.9.tmp`,
    ];
    const live = [
      `checkpoints/.latest.${process.pid}.99.tmp`,
      `.metrics.jsonl.${process.pid}.98.tmp`,
    ];
    for (const name of [...stale, ...live]) {
      if (name.endsWith('/')) await mkdir(join(out, name), { recursive: true });
      else await writeFile(join(out, name), 'partial');
    }
    // A checkpoint moved aside to be replaced, whose replacement never arrived: put back.
    await cp(join(ckpt, 'step-000002'), join(ckpt, `.old-step-000001-${dead}`), {
      recursive: true,
    });
    await runTraining({}, { resume: out, steps: 6 });
    const names = async (dir: string) => (await readdir(join(out, dir))).sort();
    expect(await names('checkpoints')).toEqual([
      `.latest.${process.pid}.99.tmp`,
      'latest',
      'step-000001', // put back
      'step-000002',
      'step-000004',
      'step-000006',
    ]);
    expect(await names('checkpoints/step-000001')).toEqual([
      'discriminator',
      'generator',
      'state.bin',
      'state.json',
    ]);
    expect(await names('samples')).toEqual([
      'step-000000.png',
      'step-000002.png',
      'step-000004.png',
      'step-000006.png',
    ]);
    expect(await names('generator')).toEqual(['model.json', 'weights.bin']);
    expect((await names('.')).filter((n) => n.startsWith('.'))).toEqual([
      `.metrics.jsonl.${process.pid}.98.tmp`,
    ]);
  });

  it('are removed next to a sample grid before it is written; a .jpg is refused first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-stale-sample-'));
    const out = join(dir, 'run');
    await runTraining({ ...tiny, steps: 2, out });
    const dead = deadPid();
    await writeFile(join(dir, `.grid.png.${dead}.1.tmp`), 'partial');
    await writeFile(join(dir, `.other.png.${dead}.1.tmp`), 'not ours to judge');
    await sampleFromRun({ run: out, n: 8, out: join(dir, 'grid.png') });
    expect((await readdir(dir)).sort()).toEqual([`.other.png.${dead}.1.tmp`, 'grid.png', 'run']);
    await expect(sampleFromRun({ run: out, out: join(dir, 'grid.jpg') })).rejects.toThrow(
      /^`out` .*grid\.jpg: sample grids are written as PNG/,
    );
  });
});

describe('file-system errors', () => {
  it('are typed, name the path (not its temporary copy) and say what was being done', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-fs-'));
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
    });
    const e = fileSystemError(full, join(dir, 'eval.json'), 'writing the evaluation report');
    expect(isGantryError(e, 'E_NO_SPACE')).toBe(true);
    expect((e as Error).message).toBe(
      `${join(dir, 'eval.json')}: no space left on the device while writing the evaluation report (ENOSPC)`,
    );
    const temp = Object.assign(new Error('EACCES'), {
      code: 'EACCES',
      path: join(dir, `.eval.json.${process.pid}.1.tmp`),
    });
    expect((fileSystemError(temp, join(dir, 'eval.json'), 'x') as Error).message).toMatch(
      /eval\.json: permission denied while x \(EACCES\)$/,
    );
    const long = fileSystemError(
      Object.assign(new Error('x'), { code: 'ENAMETOOLONG', path: `/${'a'.repeat(5000)}` }),
      'out',
      'creating the run folder',
      'out',
    );
    expect(isGantryError(long, 'E_BAD_CONFIG')).toBe(true);
    expect((long as Error).message).toMatch(/^`out` \/a{99}…a{40} \(5,001 characters\): the name/);
    expect((long as Error).message.length).toBeLessThan(300);
    const plain = new RangeError('not a file-system error');
    expect(fileSystemError(plain, 'x', 'y')).toBe(plain);
    // A missing folder for a file the user asked for.
    await expect(
      writeOutputFile(join(dir, 'nope', 'e.json'), '{}', { doing: 'writing', option: 'out' }),
    ).rejects.toThrow(/^`out` .*nope: no such file or folder while checking/);
    await rm(dir, { recursive: true, force: true });
  });
});
