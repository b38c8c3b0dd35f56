import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from './node';

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: NodeJS.ErrnoException) => `${e.code} ${e.path}`,
  );

describe('makeDirectory', () => {
  it('creates missing parents one by one, and accepts a folder that exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-mkdir-'));
    await makeDirectory(join(dir, 'a', 'b', 'c'));
    expect((await stat(join(dir, 'a', 'b', 'c'))).isDirectory()).toBe(true);
    await makeDirectory(join(dir, 'a', 'b'));
    await makeDirectory(dir);
  });

  it('names the file in the way, and a name too long, as errno errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-mkdir-'));
    await writeFile(join(dir, 'file'), 'x');
    expect(await code(makeDirectory(join(dir, 'file')))).toBe(`ENOTDIR ${join(dir, 'file')}`);
    expect(await code(makeDirectory(join(dir, 'file', 'sub')))).toBe(
      `ENOTDIR ${join(dir, 'file')}`,
    );
    expect(await code(makeDirectory(join(dir, 'x'.repeat(300))))).toMatch(/^ENAMETOOLONG /);
  });

  it('fails at once inside /proc, where a recursive mkdir never settles', async () => {
    const started = Date.now();
    expect(await code(makeDirectory('/proc/gantry-test/run'))).toMatch(/^(ENOENT|EACCES) /);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
