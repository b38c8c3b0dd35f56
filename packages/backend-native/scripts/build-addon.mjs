#!/usr/bin/env node
// The package's install script: makes sure an addon loads, building it from source only when
// no prebuilt binary fits this machine. It never fails the install: on any failure it prints
// one line saying what failed and how to fix it, records the reason in build/status.json
// (registerNativeBackend() reports it) and exits 0, so Gantry falls back to wasm or cpu.
//
// Environment:
//   GANTRY_NATIVE_BUILD_FROM_SOURCE=1   build even when a prebuilt binary loads
//   GANTRY_NATIVE_SKIP_BUILD=1          never build (the backend then uses the prebuilt binary
//                                       or reports "build skipped")
//   npm_config_nodedir                  Node headers to compile against (otherwise the ones
//                                       installed next to the node binary, otherwise node-gyp
//                                       downloads them)
//   npm_config_node_gyp                 the node-gyp to run (set by npm and pnpm)
//   CXX                                 the C++ compiler (node-gyp's make uses it)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findNodeGyp, localNodeDir } from './_node-gyp.mjs';

const root = resolve(import.meta.dirname, '..');
const buildDir = join(root, 'build');
const statusFile = join(buildDir, 'status.json');
const logFile = join(buildDir, 'build.log');
const verbose = process.argv.includes('--verbose');
const FIX =
  'install a C++ toolchain (Debian/Ubuntu: apt-get install g++ make python3), then run ' +
  '`npm rebuild @gantry/backend-native` (pnpm: `pnpm rebuild @gantry/backend-native`)';

function writeStatus(status) {
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(statusFile, `${JSON.stringify({ ...status, node: process.version }, null, 2)}\n`);
}

function giveUp(reason, log = '') {
  writeStatus({ ok: false, reason });
  if (log) writeFileSync(logFile, log);
  const where = log ? ` (full log: ${logFile})` : '';
  console.warn(
    `@gantry/backend-native: addon not built: ${reason}; the native backend is disabled and ` +
      `Gantry will use wasm or cpu instead. To fix: ${FIX}${where}`,
  );
  process.exit(0);
}

/** Whether a prebuilt binary in prebuilds/ loads here (checked in a child: a crash is a no). */
function prebuiltLoads() {
  const check = spawnSync(
    process.execPath,
    [
      '-e',
      'const b = require("node-gyp-build"); const f = b.path(process.argv[1]); ' +
        'if (!/[\\\\/]prebuilds[\\\\/]/.test(f)) process.exit(3); require(f).info();',
      root,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return check.status === 0;
}

/** The most telling line of a failed build: the compiler's or linker's first error. */
function firstError(log) {
  const lines = log.split('\n').map((l) => l.trim());
  const pick =
    lines.find((l) =>
      /fatal error|cannot find -l|undefined reference|No such file|not found/.test(l),
    ) ??
    lines.find((l) => /\berror\b/i.test(l) && !/^gyp (ERR|info)/.test(l)) ??
    lines.find((l) => /^gyp ERR! stack Error:/.test(l)) ??
    'node-gyp failed';
  return pick.replace(/^gyp ERR! stack Error: /, '').slice(0, 300);
}

const force = process.env.GANTRY_NATIVE_BUILD_FROM_SOURCE === '1';
if (!force && prebuiltLoads()) {
  if (verbose) console.log('@gantry/backend-native: the prebuilt binary loads; nothing to build');
  process.exit(0);
}
if (process.env.GANTRY_NATIVE_SKIP_BUILD === '1') {
  giveUp('build skipped (GANTRY_NATIVE_SKIP_BUILD=1)');
}
const nodeGyp = findNodeGyp();
if (!nodeGyp) giveUp('node-gyp not found (it ships with npm and pnpm)');

const args = ['rebuild', '--release'];
if (!process.env.npm_config_nodedir) {
  const nodedir = localNodeDir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
}
const started = Date.now();
const [command, ...prefixArgs] = nodeGyp;
const result = spawnSync(command, [...prefixArgs, ...args], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const log = `$ ${[command, ...prefixArgs, ...args].join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`;
const addon = join(buildDir, 'Release', 'gantry_native.node');
if (result.error) giveUp(`could not run node-gyp: ${result.error.message}`, log);
if (result.status !== 0 || !existsSync(addon)) giveUp(firstError(log), log);

writeFileSync(logFile, log);
writeStatus({ ok: true, builtAt: new Date().toISOString() });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`@gantry/backend-native: addon built from source in ${seconds}s (${addon})`);
if (verbose) console.log(log);
