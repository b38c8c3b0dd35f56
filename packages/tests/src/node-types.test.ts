import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackages, workspaceRoot } from './_pack';

const packagesDir = join(workspaceRoot, 'packages');
/** What in a declaration file needs Node's types: the NodeJS namespace, `node:` modules, Buffer. */
const NODE_TYPES = /\bNodeJS\.|from ['"]node:|\bBuffer\b/;

/**
 * A published `.d.ts` that uses Node's types compiles for a user only if `@types/node` comes
 * with the package: then it must be a dependency (or peer), not only a devDependency here.
 */
describe('published declarations that use Node types bring @types/node', async () => {
  const folders: string[] = [];
  for (const entry of await readdir(packagesDir)) {
    const m = JSON.parse(await readFile(join(packagesDir, entry, 'package.json'), 'utf8'));
    if (!m.private) folders.push(entry);
  }
  it.each(folders)('%s', async (folder) => {
    await buildPackages([folder]);
    const manifest = JSON.parse(await readFile(join(packagesDir, folder, 'package.json'), 'utf8'));
    const dist = join(packagesDir, folder, 'dist');
    const users: string[] = [];
    for (const file of await readdir(dist)) {
      if (!/\.d\.c?ts$/.test(file)) continue;
      if (NODE_TYPES.test(await readFile(join(dist, file), 'utf8'))) users.push(file);
    }
    const declared =
      '@types/node' in (manifest.dependencies ?? {}) ||
      '@types/node' in (manifest.peerDependencies ?? {});
    expect({ users, declared: users.length === 0 || declared }).toEqual({
      users,
      declared: true,
    });
  });
});
