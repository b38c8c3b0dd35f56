#!/usr/bin/env node
// Builds the N-API addon of @gantry/backend-native with node-gyp. Run by the package's
// "install" script: it never fails the install. On any failure it prints one line saying what
// failed and how to fix it, records the reason in build/status.json (registerNativeBackend()
// reports it) and exits 0, so Gantry falls back to the wasm or cpu backend.
//
// Environment:
//   GANTRY_NATIVE_SKIP_BUILD=1   do not build (the backend then reports "build skipped")
//   GANTRY_BLAS_LIB              library to link instead of openblas (e.g. blis, mkl_rt);
//                                `none`: the built-in portable GEMM, no BLAS library. Unset, the
//                                script tries OpenBLAS first and falls back to the built-in GEMM
//                                (about 3x slower than OpenBLAS on one thread, far faster than wasm)
//   GANTRY_BLAS_INCLUDE          extra include directory holding cblas.h
//   GANTRY_BLAS_LIBDIR           extra library directory (also added to the rpath)
//   npm_config_nodedir           Node headers to compile against (otherwise the ones installed
//                                next to the node binary, otherwise node-gyp downloads them)
//   npm_config_node_gyp          the node-gyp to run (set by npm and pnpm)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const buildDir = join(root, 'build');
const statusFile = join(buildDir, 'status.json');
const logFile = join(buildDir, 'build.log');
const verbose = process.argv.includes('--verbose');
const FIX =
  'install a C++ toolchain and OpenBLAS (Debian/Ubuntu: apt-get install g++ make python3 ' +
  `libopenblas-dev), then run \`node scripts/build-addon.mjs\` in ${root}`;

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

/** node-gyp as [command, ...args]: the package manager's, then PATH, then npm's bundled one. */
function findNodeGyp() {
  const fromEnv = process.env.npm_config_node_gyp;
  if (fromEnv && existsSync(fromEnv)) {
    return fromEnv.endsWith('.js') ? [process.execPath, fromEnv] : [fromEnv];
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node-gyp');
    if (dir && existsSync(candidate)) return [candidate];
  }
  const prefix = resolve(dirname(process.execPath), '..');
  for (const candidate of [
    join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    join(prefix, 'lib/node_modules/pnpm/dist/node_modules/node-gyp/bin/node-gyp.js'),
  ]) {
    if (existsSync(candidate)) return [process.execPath, candidate];
  }
  return undefined;
}

/**
 * Node's own headers, offline: distributions (NodeSource, the nodejs.org tarballs, Homebrew)
 * install them at <prefix>/include/node next to <prefix>/bin/node. node-gyp would otherwise
 * download them from nodejs.org, which fails on machines without internet access.
 */
function localNodeDir() {
  const prefix = resolve(dirname(process.execPath), '..');
  const header = join(prefix, 'include/node/node_version.h');
  if (!existsSync(header) || !existsSync(join(prefix, 'include/node/common.gypi'))) return;
  const text = readFileSync(header, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  const version = `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
  return version === process.version ? prefix : undefined;
}

/** Include and library directories of OpenBLAS from pkg-config, when it knows them. */
function blasFlagsFromPkgConfig(env) {
  if (env.GANTRY_BLAS_LIB && env.GANTRY_BLAS_LIB !== 'openblas') return;
  const run = (flag) => spawnSync('pkg-config', [flag, 'openblas'], { encoding: 'utf8' });
  const inc = run('--cflags-only-I');
  const lib = run('--libs-only-L');
  if (inc.status !== 0 || lib.status !== 0) return;
  const first = (out, prefix) =>
    out
      .split(/\s+/)
      .find((s) => s.startsWith(prefix))
      ?.slice(2);
  env.GANTRY_BLAS_INCLUDE ??= first(inc.stdout, '-I');
  env.GANTRY_BLAS_LIBDIR ??= first(lib.stdout, '-L');
}

/** The most telling line of a failed build: the compiler's or linker's first error. */
function firstError(log) {
  const lines = log.split('\n').map((l) => l.trim());
  const pick =
    lines.find((l) => /fatal error|cannot find -l|undefined reference|No such file/.test(l)) ??
    lines.find((l) => /\berror\b/i.test(l) && !/^gyp (ERR|info)/.test(l)) ??
    lines.find((l) => /^gyp ERR! stack Error:/.test(l)) ??
    'node-gyp failed';
  return pick.replace(/^gyp ERR! stack Error: /, '').slice(0, 300);
}

if (process.env.GANTRY_NATIVE_SKIP_BUILD === '1') {
  giveUp('build skipped (GANTRY_NATIVE_SKIP_BUILD=1)');
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) giveUp('node-gyp not found (it ships with npm and pnpm)');

const env = { ...process.env };
const args = ['rebuild', '--release'];
if (!env.npm_config_nodedir) {
  const nodedir = localNodeDir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
}
blasFlagsFromPkgConfig(env);

const started = Date.now();
const [command, ...prefixArgs] = nodeGyp;
const addon = join(buildDir, 'Release', 'gantry_native.node');

/** Runs node-gyp with `buildEnv`; returns { ok, log, error }. */
function build(buildEnv) {
  const result = spawnSync(command, [...prefixArgs, ...args], {
    cwd: root,
    env: buildEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const log = `$ GANTRY_BLAS_LIB=${buildEnv.GANTRY_BLAS_LIB ?? 'openblas'} ${[command, ...prefixArgs, ...args].join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error)
    return { ok: false, log, error: `could not run node-gyp: ${result.error.message}` };
  if (result.status !== 0 || !existsSync(addon)) return { ok: false, log, error: firstError(log) };
  return { ok: true, log };
}

let outcome = build(env);
let blasLib = env.GANTRY_BLAS_LIB ?? 'openblas';
let fallbackReason;
if (!outcome.ok && env.GANTRY_BLAS_LIB === undefined) {
  // No usable OpenBLAS (the usual case on a fresh machine): build the portable GEMM instead.
  fallbackReason = outcome.error;
  const first = outcome.log;
  outcome = build({ ...env, GANTRY_BLAS_LIB: 'none' });
  outcome.log = `${first}\n${outcome.log}`;
  blasLib = 'none';
}
if (!outcome.ok) giveUp(outcome.error, outcome.log);

writeFileSync(logFile, outcome.log);
writeStatus({
  ok: true,
  blasLib,
  ...(fallbackReason ? { fallbackReason } : {}),
  builtAt: new Date().toISOString(),
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const what =
  blasLib !== 'none'
    ? `with ${blasLib}`
    : fallbackReason
      ? `with the built-in GEMM (OpenBLAS failed: ${fallbackReason}; for faster matmuls: ${FIX})`
      : 'with the built-in GEMM (GANTRY_BLAS_LIB=none)';
console.log(`@gantry/backend-native: addon built in ${seconds}s ${what} (${addon})`);
if (verbose) console.log(outcome.log);
