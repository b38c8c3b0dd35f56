import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeBackendError } from './errors';

/** Names of the addon's op tables (native/compute/ops.h). */
export type OpTableName =
  | 'binary'
  | 'unary'
  | 'compare'
  | 'reduce'
  | 'operand'
  | 'bias'
  | 'activation'
  | 'optimizer';
/** The addon's op codes by table and name, e.g. `ops.unary.Relu` (from native/compute/ops.h). */
export type OpTables = Record<OpTableName, Record<string, number>>;

/** What the loaded addon runs on. */
export interface AddonInfo {
  /** e.g. `OpenBLAS 0.3.21 (Haswell)` or `built-in GEMM (no libopenblas.so.0 found; …)`. */
  blas: string;
  /** `openblas`, `cblas` (another CBLAS named by GANTRY_NATIVE_BLAS) or `builtin`. */
  blasKind: 'openblas' | 'cblas' | 'builtin';
  /** What runs the convolutions: e.g. `oneDNN 2.6.3` or `im2col + GEMM (no libdnnl.so.2 found; …)`. */
  conv: string;
  /** `onednn` (libdnnl.so.2, GANTRY_NATIVE_CONV unset or `onednn`) or `im2col`. */
  convKind: 'onednn' | 'im2col';
  /** Kernels chosen for this CPU: `avx512`, `avx2` or `baseline`. */
  isa: string;
  /** Threads of the addon's pool (the calling thread included). */
  threads: number;
}

/** The functions of the compiled addon (native/napi/binding.cc); all write into caller arrays. */
export interface NativeAddon {
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    aStride: number,
    bStride: number,
    aOffsets: Int32Array | null,
    bOffsets: Int32Array | null,
  ): void;
  biasActivation(
    y: Float32Array,
    rows: number,
    cols: number,
    bias: Float32Array | null,
    biasMode: number,
    activation: number,
    alpha: number,
  ): void;
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, geometry: Int32Array): void;
  conv2dBackpropInput(
    dy: Float32Array,
    w: Float32Array,
    dx: Float32Array,
    geometry: Int32Array,
  ): void;
  conv2dBackpropFilter(
    x: Float32Array,
    dy: Float32Array,
    dw: Float32Array,
    geometry: Int32Array,
  ): void;
  binary(
    op: number,
    a: Float32Array,
    aMode: number,
    b: Float32Array,
    bMode: number,
    out: Float32Array,
    rows: number,
    k: number,
  ): void;
  unary(op: number, x: Float32Array, out: Float32Array, n: number, alpha: number): void;
  reduce(
    op: number,
    x: Float32Array,
    out: Float32Array,
    outer: number,
    mid: number,
    inner: number,
  ): void;
  compare(
    op: number,
    a: Float32Array,
    aMode: number,
    b: Float32Array,
    bMode: number,
    out: Uint8Array,
    rows: number,
    k: number,
  ): void;
  select(cond: Uint8Array, t: Float32Array, e: Float32Array, out: Float32Array, n: number): void;
  logicalNot(x: Uint8Array, out: Uint8Array, n: number): void;
  tile(x: Float32Array, xShape: Int32Array, reps: Int32Array, out: Float32Array): void;
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    offset: Float32Array | null,
    out: Float32Array,
    rows: number,
    channels: number,
    epsilon: number,
    /** Bits 1 mean, 2 variance, 4 scale, 8 offset: that parameter has x's size, not `channels`. */
    fullMask: number,
  ): void;
  /** One fused optimizer update of n parameters (@gantry/core's OPTIMIZER_UPDATE_KERNEL). */
  optimizerUpdate(
    kind: number,
    x: Float32Array,
    g: Float32Array,
    s0: Float32Array,
    s1: Float32Array | null,
    constants: Float32Array,
    xOut: Float32Array,
    s0Out: Float32Array,
    s1Out: Float32Array | null,
    n: number,
  ): void;
  /** Resizes the thread pool; returns the count in effect. */
  setThreads(threads: number): number;
  getThreads(): number;
  /** Scales the minimum work per thread (0: split every kernel; for tests). */
  setParallelScale(scale: number): number;
  info(): AddonInfo;
  ops: OpTables;
}

/** This package's root (the folder holding package.json, prebuilds/ and build/), from src/ or dist/. */
export function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

/** The command that builds the addon from source in an installed package. */
export const FIX_COMMAND =
  'npm rebuild @gantry/backend-native (pnpm: pnpm approve-builds, then pnpm rebuild @gantry/backend-native; needs g++, make and python3)';

interface NodeGypBuild {
  (dir: string): unknown;
  path(dir: string): string;
}

const loaded = new Map<string, { addon: NativeAddon; file: string }>();

function unavailable(reason: string, details: Record<string, unknown>): NativeBackendError {
  return new NativeBackendError('E_NATIVE_UNAVAILABLE', `${reason}. Fix: ${FIX_COMMAND}`, {
    ...details,
    fix: FIX_COMMAND,
  });
}

/** The reason a source build recorded in build/status.json, when it failed. */
function failedBuild(root: string): string | undefined {
  const statusFile = join(root, 'build', 'status.json');
  if (!existsSync(statusFile)) return undefined;
  try {
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as {
      ok?: boolean;
      reason?: string;
    };
    return status.ok === false ? (status.reason ?? 'unknown reason') : undefined;
  } catch {
    return undefined; // an unreadable status file: judge by the binaries alone
  }
}

/**
 * Loads the addon under `root` with node-gyp-build: a source build in build/Release when there
 * is one, else the prebuilt binary for this platform in prebuilds/. Throws a NativeBackendError
 * whose message says why it is unavailable and ends with the command that fixes it.
 */
export function loadAddon(root: string = packageRoot()): { addon: NativeAddon; file: string } {
  const cached = loaded.get(root);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const nodeGypBuild = require('node-gyp-build') as NodeGypBuild;
  let file: string;
  try {
    file = nodeGypBuild.path(root);
  } catch {
    const platform = `${process.platform}-${process.arch}`;
    const built = failedBuild(root);
    throw unavailable(
      built === undefined
        ? `no prebuilt binary for ${platform} and no source build (the install script did not run)`
        : `no prebuilt binary for ${platform} and the source build failed: ${built}`,
      { root, platform },
    );
  }
  let addon: NativeAddon;
  try {
    addon = require(file) as NativeAddon;
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    throw unavailable(`addon failed to load: ${message}`, { file });
  }
  const entry = { addon, file };
  loaded.set(root, entry);
  return entry;
}
