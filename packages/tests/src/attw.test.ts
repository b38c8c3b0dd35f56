import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildPackages, workspaceRoot } from './_pack';

const exec = promisify(execFile);
const packagesDir = join(workspaceRoot, 'packages');

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

async function publishable(): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(packagesDir)) {
    const manifest = JSON.parse(await readFile(join(packagesDir, entry, 'package.json'), 'utf8'));
    if (!manifest.private) names.push(entry);
  }
  return names;
}

/**
 * `attw --pack --profile node16` on each public package: the packed tarball's types resolve for
 * Node 16+ from ESM and CJS and for bundlers (node10 resolution is out of scope: we ship `exports`).
 */
describe('types of every public package resolve as published (are-the-types-wrong)', async () => {
  const names = await publishable();
  it.each(names)('%s', async (name) => {
    await buildPackages([name]);
    const { stdout } = await exec(
      'pnpm',
      ['exec', 'attw', '--pack', join(packagesDir, name), '--profile', 'node16', '-f', 'json'],
      { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }));
    const report = JSON.parse(stdout) as { problems?: Record<string, AttwProblem[]> };
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => p.resolutionKind !== 'node10')
      .map((p) => `${p.kind} at ${p.entrypoint ?? '?'} (${p.resolutionKind ?? 'any'})`);
    expect(problems).toEqual([]);
  });
});
