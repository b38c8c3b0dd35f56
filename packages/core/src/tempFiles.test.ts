import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tempPathFor } from './node';
import {
  isProcessAlive,
  liveTempFiles,
  registerTempFile,
  releaseTempFile,
  removeLiveTempFilesSync,
  removeStaleTempFiles,
  tempFileOwner,
} from './tempFiles';

/** The PID of a process that has already exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '0']).pid as number;
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

/** tempFiles.ts compiled to plain JavaScript, for a child process to import. */
async function compiledModule(dir: string): Promise<string> {
  const source = await readFile(new URL('./tempFiles.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const path = join(dir, 'tempFiles.mjs');
  await writeFile(path, outputText);
  return path;
}

describe('temporary-file registry', () => {
  it('removes the registered files and folders at once, and forgets released ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-temp-'));
    const file = tempPathFor(join(dir, 'a.bin'));
    const folder = tempPathFor(join(dir, 'step-1'));
    const kept = tempPathFor(join(dir, 'b.bin'));
    await writeFile(file, 'partial');
    await mkdir(folder);
    await writeFile(join(folder, 'weights.bin'), 'x');
    await writeFile(kept, 'renamed elsewhere');
    for (const p of [file, folder, kept]) registerTempFile(p);
    releaseTempFile(kept);
    expect(liveTempFiles()).toEqual([file, folder]);
    expect(removeLiveTempFilesSync()).toEqual([file, folder]);
    expect(liveTempFiles()).toEqual([]);
    expect(await readdir(dir)).toEqual([kept.slice(dir.length + 1)]);
  });

  it('removes stale temporary files of dead processes only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-stale-'));
    const dead = deadPid();
    const names = [
      `.train.gz.${dead}.3.tmp`, // dead owner: removed
      `.train.gz.${process.pid}.1.tmp`, // this process: kept
      '.train.gz.1.1.tmp', // PID 1 is alive: kept
      'train.gz', // a real file
      '.notes.tmp', // not a name tempPathFor makes
    ];
    for (const n of names) await writeFile(join(dir, n), n);
    await mkdir(join(dir, `.tmp-step.${dead}.1.tmp`));
    expect(tempFileOwner(names[0] as string)).toBe(dead);
    expect(tempFileOwner('train.gz')).toBeUndefined();
    const removed = await removeStaleTempFiles(dir);
    expect(removed.sort()).toEqual([`.tmp-step.${dead}.1.tmp`, names[0]].sort());
    expect((await readdir(dir)).sort()).toEqual(names.slice(1).sort());
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });

  it('cleans up on SIGINT and SIGTERM and still dies of the signal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-signal-'));
    const module = await compiledModule(dir);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const temp = join(dir, `.out.${signal}.1.tmp`);
      const script = `
        import { writeFileSync } from 'node:fs';
        import { installTempFileCleanup, registerTempFile } from ${JSON.stringify(module)};
        installTempFileCleanup();
        writeFileSync(${JSON.stringify(temp)}, 'partial');
        registerTempFile(${JSON.stringify(temp)});
        console.log('ready');
        setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      expect(existsSync(temp)).toBe(true);
      child.kill(signal);
      const [code, killedBy] = await new Promise<[number | null, string | null]>((resolve) =>
        child.once('exit', (c, s) => resolve([c, s])),
      );
      expect([code, killedBy]).toEqual([null, signal]);
      expect(existsSync(temp)).toBe(false);
    }
  });
});
