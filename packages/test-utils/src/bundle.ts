import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** The folder of the package that holds `file` (the nearest package.json). */
function packageOf(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** True when Node, running a file in `dir`, finds package `specifier` in a node_modules above it. */
function resolvableFrom(dir: string, specifier: string): boolean {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  if (name.startsWith('node:')) return true;
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', name))) return true;
    if (dirname(d) === d) return false;
  }
}

/** Removes bundles made more than a day ago (every run makes its own folder). */
async function removeOld(cache: string): Promise<void> {
  for (const name of await readdir(cache)) {
    const path = join(cache, name);
    const info = await stat(path).catch(() => undefined);
    if (name.startsWith('b-') && info && Date.now() - info.mtimeMs > 86_400_000) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * Bundles TypeScript entry points (with the `@gantry/*` sources, through the `@gantry/source`
 * condition) into ES modules that a plain `node` child process can run, and returns the path of
 * each bundle by entry name. Bundles go to `node_modules/.cache/gantry-bundles/` of the package
 * holding the first entry, so that package's own dependencies (left external) resolve. Used by
 * the fuzz harness and by tests that need a real process to kill or to run under limits.
 */
export async function bundleForNode(
  entries: Record<string, string>,
): Promise<Record<string, string>> {
  const first = Object.values(entries)[0];
  if (first === undefined) return {};
  const cache = join(packageOf(first), 'node_modules', '.cache', 'gantry-bundles');
  await mkdir(cache, { recursive: true });
  await removeOld(cache);
  const outdir = await mkdtemp(join(cache, 'b-'));
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    conditions: ['@gantry/source'],
    // A bundled CommonJS package (e.g. tensorboard's @aws-crypto/crc32c) that requires an external
    // one needs a real `require` in the ESM bundle, resolving from where the bundle lies.
    banner: {
      js: "import { createRequire as __gantryRequire } from 'node:module'; const require = __gantryRequire(import.meta.url);",
    },
    // Gantry's own sources are bundled; every other package is imported at run time where the
    // bundle's package can resolve it (one tfjs-core instance), else bundled too (a dependency
    // of a sibling package only, e.g. core's fastest-levenshtein).
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@gantry/') || !resolvableFrom(cache, args.path)
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
    logLevel: 'error',
  });
  return Object.fromEntries(Object.keys(entries).map((k) => [k, join(outdir, `${k}.mjs`)]));
}
