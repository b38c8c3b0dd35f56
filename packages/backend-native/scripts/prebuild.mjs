#!/usr/bin/env node
// The package's build step for the addon (`pnpm build` runs tsup, then this): compiles the one
// portable binary (binding.gyp: baseline x86-64 with AVX2/AVX-512 kernels picked at run time,
// OpenBLAS opened at run time) with prebuildify into prebuilds/<platform>-<arch>/, which the
// published package ships and node-gyp-build loads, so installs that skip install scripts
// (pnpm 10's default, --ignore-scripts, npm 12) still get the backend. Node-API: one binary for
// every Node version >= 20. Uses Node's local headers when present (no download).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { findNodeGyp, localNodeDir } from './_node-gyp.mjs';

const root = resolve(import.meta.dirname, '..');
const nodeGyp = findNodeGyp();
if (!nodeGyp) {
  console.error('prebuild: node-gyp not found (it ships with npm and pnpm)');
  process.exit(1);
}
const nodedir = process.env.npm_config_nodedir ?? localNodeDir();
const prebuildify = createRequire(import.meta.url).resolve('prebuildify/bin.js');
const result = spawnSync(
  process.execPath,
  [
    prebuildify,
    '--napi',
    '--strip',
    '--tag-libc',
    '--target',
    process.versions.node,
    '--cwd',
    root,
  ],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      // prebuildify spawns PREBUILD_NODE_GYP without a shell: node-gyp.js runs by its shebang.
      PREBUILD_NODE_GYP: nodeGyp.at(-1),
      ...(nodedir ? { npm_config_nodedir: nodedir } : {}),
    },
  },
);
if (result.status !== 0) {
  console.error(`${result.stdout}${result.stderr}`);
  console.error(`prebuild: prebuildify failed (exit ${result.status ?? result.signal})`);
  process.exit(1);
}
