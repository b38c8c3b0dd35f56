import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeBackendError } from './errors';

/** The functions of the compiled addon (native/binding.cc); all write into caller arrays. */
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
  ): void;
  setThreads(threads: number): number;
  getThreads(): number;
  blasName(): string;
}

/** This package's root (the folder holding package.json and build/), from src/ or dist/. */
export function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

const loaded = new Map<string, NativeAddon>();

/** Path of the compiled addon under a package root. */
export function addonPath(root: string): string {
  return join(root, 'build', 'Release', 'gantry_native.node');
}

/**
 * Loads the addon built by scripts/build-addon.mjs under `root`; throws a NativeBackendError
 * whose message says why it is unavailable (the build's own reason when the build failed).
 */
export function loadAddon(root: string = packageRoot()): NativeAddon {
  const file = addonPath(root);
  const cached = loaded.get(file);
  if (cached) return cached;
  const statusFile = join(root, 'build', 'status.json');
  if (existsSync(statusFile)) {
    let status: { ok?: boolean; reason?: string } = {};
    try {
      status = JSON.parse(readFileSync(statusFile, 'utf8'));
    } catch {
      // An unreadable status file: judge by the addon file alone.
    }
    if (status.ok === false) {
      throw new NativeBackendError(
        'E_NATIVE_UNAVAILABLE',
        `addon not built: ${status.reason ?? 'unknown reason'}`,
        { statusFile },
      );
    }
  }
  if (!existsSync(file)) {
    throw new NativeBackendError(
      'E_NATIVE_UNAVAILABLE',
      `addon not built: ${file} is missing (the install script did not run: with pnpm 10 allow it by \`pnpm approve-builds\`, or run \`node scripts/build-addon.mjs\` in ${root})`,
      { file },
    );
  }
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(file) as NativeAddon;
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    throw new NativeBackendError('E_NATIVE_UNAVAILABLE', `addon failed to load: ${message}`, {
      file,
    });
  }
  loaded.set(file, addon);
  return addon;
}
