#!/usr/bin/env node
// Entry of `pnpm fuzz`: bundles fuzz/run.ts (TypeScript, on the package sources) with esbuild
// and runs it with the same arguments. Plain JavaScript so that it needs no build step.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const outfile = here('../node_modules/.cache/gantry-bundles/bundle.mjs');
await build({
  entryPoints: [here('./bundle.ts')],
  outfile,
  platform: 'node',
  format: 'esm',
  logLevel: 'error',
});
const { bundleForNode } = await import(pathToFileURL(outfile).href);
const { run } = await bundleForNode({ run: here('./run.ts') });
process.argv.push('--fuzz-dir', here('.'));
await import(pathToFileURL(run).href);
