import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, run, workspaceRoot } from './_pack';
import { importedPackages, type ReadmeExample, readReadmeExample } from './_readme';

interface Manifest {
  name: string;
  private?: boolean;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

async function manifest(folder: string): Promise<Manifest> {
  return JSON.parse(
    await readFile(join(workspaceRoot, 'packages', folder, 'package.json'), 'utf8'),
  );
}

async function publicFolders(): Promise<string[]> {
  const folders: string[] = [];
  for (const folder of await readdir(join(workspaceRoot, 'packages'))) {
    if (!(await manifest(folder)).private) folders.push(folder);
  }
  return folders.sort();
}

/** Peers a package needs that npm 7+ would install but pnpm and yarn leave to the user. */
async function requiredPeers(name: string, folders: string[]): Promise<string[]> {
  for (const folder of folders) {
    const m = await manifest(folder);
    if (m.name !== name) continue;
    return Object.keys(m.peerDependencies ?? {}).filter(
      (peer) => !m.peerDependenciesMeta?.[peer]?.optional,
    );
  }
  return [];
}

describe('package READMEs: complete install lines, examples that run from packed tarballs', async () => {
  const folders = await publicFolders();
  const examples: ReadmeExample[] = await Promise.all(
    folders.map((f) => readReadmeExample(workspaceRoot, f)),
  );

  it.each(examples)(
    '$folder: the install line names every import and required peer',
    async (ex) => {
      const needed = new Set(importedPackages(ex.code));
      for (const pkg of ex.install) {
        if (pkg.startsWith('@gantry/'))
          for (const p of await requiredPeers(pkg, folders)) needed.add(p);
      }
      const missing = [...needed].filter((p) => !ex.install.includes(p));
      expect(missing, `npm install line of packages/${ex.folder}/README.md`).toEqual([]);
    },
  );

  describe('each example, run with node in a project that installed the tarballs', () => {
    let dir = '';
    beforeAll(async () => {
      const registry = [
        ...new Set(examples.flatMap((e) => e.install).filter((p) => !p.startsWith('@gantry/'))),
      ];
      dir = await packAndInstall(folders, registry);
    }, 600_000);

    it.each(examples)(
      '$folder',
      async (ex) => {
        const file = join(dir, `readme-${ex.folder}.mjs`);
        await writeFile(file, ex.code);
        // A failing example throws here with its stdout and stderr in the message.
        await run(process.execPath, [file], { cwd: dir, env: { NO_COLOR: '1' } });
      },
      180_000,
    );
  });
});
