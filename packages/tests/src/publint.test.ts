import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';
import { buildPackages, workspaceRoot } from './_pack';

const packagesDir = join(workspaceRoot, 'packages');

async function publishable(): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(packagesDir)) {
    const manifest = JSON.parse(await readFile(join(packagesDir, entry, 'package.json'), 'utf8'));
    if (!manifest.private) names.push(entry);
  }
  return names;
}

describe('published shape of every public package (publint)', async () => {
  const names = await publishable();
  it.each(names)('%s has no publint errors or warnings', async (name) => {
    await buildPackages([name]);
    const { messages } = await publint({
      pkgDir: join(packagesDir, name),
      level: 'warning',
      strict: true,
    });
    expect(
      messages.map((m) => `${m.code} ${JSON.stringify(m.args)} at ${m.path.join('.')}`),
    ).toEqual([]);
  });
});
