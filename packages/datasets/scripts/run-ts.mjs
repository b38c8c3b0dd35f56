#!/usr/bin/env node
// Runs a TypeScript file of this package on its sources: `node scripts/run-ts.mjs FILE.ts [args]`.
// Bundles it with esbuild (@gantry/test-utils' bundle.ts: the `@gantry/*` sources through the `@gantry/source`
// condition) and imports the bundle with process.argv[1] set to FILE.ts, so the script finds its
// own folder. Plain JavaScript so that it needs no build step. Used by `pnpm fuzz`.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [file, ...args] = process.argv.slice(2);
if (!file) throw new Error('usage: run-ts.mjs FILE.ts [args]');
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const outfile = here('../node_modules/.cache/gantry-bundles/bundle.mjs');
await build({
  entryPoints: [here('../node_modules/@gantry/test-utils/src/bundle.ts')],
  outfile,
  platform: 'node',
  format: 'esm',
  logLevel: 'error',
});
const { bundleForNode } = await import(pathToFileURL(outfile).href);
const source = resolve(file);
const { main } = await bundleForNode({ main: source });
process.argv = [process.argv[0], source, ...args];
await import(pathToFileURL(main).href);
