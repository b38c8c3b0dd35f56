import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Root of the workspace. */
export const workspaceRoot = resolve(import.meta.dirname, '../../..');

/** Runs a command, returning stdout; on failure the error carries stdout and stderr. */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  try {
    const { stdout } = await exec(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${options.cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

/** Builds the named workspace packages (and what they depend on) through turbo's cache. */
export async function buildPackages(names: string[]): Promise<void> {
  const filters = names.flatMap((n) => ['--filter', `@gantry/${n}...`]);
  await run('pnpm', ['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], {
    cwd: workspaceRoot,
  });
}

/**
 * Packs workspace packages with `pnpm pack` and installs the tarballs, plus `extra` registry
 * packages, into a new empty project outside the workspace. Sibling @gantry packages resolve to
 * the packed tarballs (pnpm overrides), never to the registry. `ignoreScripts`: install with
 * `--ignore-scripts` (as npm 12 and pnpm 10 do for dependencies). Returns the project folder.
 */
export async function packAndInstall(
  names: string[],
  extra: string[],
  { ignoreScripts = false }: { ignoreScripts?: boolean } = {},
): Promise<string> {
  const scripts = ignoreScripts ? ['--ignore-scripts'] : [];
  await buildPackages(names);
  const dir = await mkdtemp(join(tmpdir(), 'gantry-install-'));
  const tarballs: Record<string, string> = {};
  for (const name of names) {
    const pkgDir = join(workspaceRoot, 'packages', name);
    const out = await run('pnpm', ['pack', '--pack-destination', dir], { cwd: pkgDir });
    const file = out
      .trim()
      .split('\n')
      .filter((l) => l.endsWith('.tgz'))
      .at(-1);
    if (!file) throw new Error(`pnpm pack printed no tarball for ${name}:\n${out}`);
    const manifest = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as {
      name: string;
    };
    tarballs[manifest.name] = `file:${resolve(dir, file)}`;
  }
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'gantry-install-check',
        private: true,
        dependencies: tarballs,
        pnpm: { overrides: tarballs },
      },
      null,
      2,
    ),
  );
  await run(
    'pnpm',
    [
      'install',
      '--prefer-offline',
      '--ignore-workspace',
      '--config.auto-install-peers=false',
      ...scripts,
    ],
    { cwd: dir },
  );
  if (extra.length > 0) {
    await run('pnpm', ['add', '--prefer-offline', '--ignore-workspace', ...scripts, ...extra], {
      cwd: dir,
    });
  }
  return dir;
}
