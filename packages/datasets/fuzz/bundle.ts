import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where bundles go: inside the package, so `pngjs` and tfjs resolve from its node_modules. */
const CACHE = fileURLToPath(new URL('../node_modules/.cache/gantry-bundles/', import.meta.url));

/**
 * Bundles TypeScript entry points of this package (with the `@gantry/*` sources, through the
 * `@gantry/source` condition) into ES modules that a plain `node` child process can run, and
 * returns the path of each bundle by entry name. Used by the fuzz harness and by tests that need
 * a real process to kill or to run under limits.
 */
export async function bundleForNode(
  entries: Record<string, string>,
): Promise<Record<string, string>> {
  await mkdir(CACHE, { recursive: true });
  const outdir = await mkdtemp(join(CACHE, 'b-'));
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    conditions: ['@gantry/source'],
    external: ['pngjs', '@tensorflow/*', 'esbuild'],
    logLevel: 'error',
  });
  return Object.fromEntries(Object.keys(entries).map((k) => [k, join(outdir, `${k}.mjs`)]));
}
