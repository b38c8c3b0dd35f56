import { availableParallelism } from 'node:os';
import { sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type AddonInfo, loadAddon, packageRoot } from './_addon';
import { createNativeBackendClass } from './_backend';
import { NATIVE_BACKEND_NAME } from './_context';
import { NativeBackendError } from './errors';
import { meanGradConfig, sumGradConfig } from './gradients/reduce_grad';
import { installGradient, tileGradConfig } from './gradients/Tile_grad';
import { bindKernel } from './kernels/_kernel';
import { KERNEL_SPECS } from './kernels/index';

/** Options of {@link registerNativeBackend}. */
export interface NativeBackendOptions {
  /**
   * Threads of the addon's one pool (GEMM included). Default: `GANTRY_NATIVE_THREADS`, else
   * every core (`os.availableParallelism()`), as PyTorch does. Results are bit-identical run to
   * run for a given count; sums split over threads may differ in the last bits between counts.
   */
  threads?: number;
  /** Also replace the element-wise and reduction kernels (default true; false: BLAS only). */
  elementwise?: boolean;
  /** Backend name (default `native`); another name registers a second, separate copy. */
  name?: string;
  /** tfjs priority (default 2.5: above wasm and webgl, below tfjs-node's 3). */
  priority?: number;
  /** Folder holding `prebuilds/` or `build/` with the compiled addon (default: this package's own). */
  addonRoot?: string;
}

/** Facts about the loaded addon, from {@link nativeBackendInfo}. */
export interface NativeBackendInfo extends AddonInfo {
  /** Path of the compiled addon. */
  addonPath: string;
  /** Whether it is the prebuilt binary shipped in the package (else a source build). */
  prebuilt: boolean;
}

/** The thread count: `threads`, else GANTRY_NATIVE_THREADS, else every core. */
export function resolveThreads(threads: number | undefined): number {
  const fromEnv = process.env['GANTRY_NATIVE_THREADS'];
  const value =
    threads ?? (fromEnv === undefined || fromEnv === '' ? availableParallelism() : Number(fromEnv));
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    const from = threads === undefined ? 'GANTRY_NATIVE_THREADS' : 'option threads';
    throw new NativeBackendError(
      'E_INVALID_ARGUMENT',
      `threads must be an integer in [1, 1024] (${from}); got ${threads ?? fromEnv}`,
      { option: 'threads', value: threads ?? fromEnv },
    );
  }
  return value;
}

/**
 * Registers the `native` tfjs backend and returns its name: tfjs-backend-cpu's kernels, with
 * the matmuls and convolutions on OpenBLAS (or the built-in GEMM) and the hot element-wise ops
 * and reductions in C++, all on one pool of `threads` threads. Also installs a Tile gradient
 * that is one reshape + Sum instead of tfjs-core's slice-per-repetition loop, and Sum and Mean
 * gradients that tile dy instead of multiplying it by a ones tensor filled in JavaScript
 * (gradients are global to tfjs; same values on every backend). Throws a NativeBackendError saying why when the
 * addon is unavailable, with the command that fixes it. Importing this package changes
 * nothing; calling this twice is harmless (the second call only sets the thread count).
 *
 * @example
 * const name = await registerNativeBackend({ threads: 2 }); // 'native'
 * await tf.setBackend(name);
 */
export async function registerNativeBackend(options: NativeBackendOptions = {}): Promise<string> {
  const name = options.name ?? NATIVE_BACKEND_NAME;
  if (name.includes('_') || name === '') {
    throw new NativeBackendError(
      'E_INVALID_ARGUMENT',
      `backend name must be non-empty without "_" (tfjs splits kernel keys on it); got "${name}"`,
      { option: 'name', value: name },
    );
  }
  const threads = resolveThreads(options.threads);
  const { addon } = loadAddon(options.addonRoot);
  addon.setThreads(threads);
  // tfjs-backend-cpu registers the `cpu` backend when imported: only here, never on import.
  const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu').catch((error) => {
    throw new NativeBackendError(
      'E_NATIVE_UNAVAILABLE',
      `its peer dependency @tensorflow/tfjs-backend-cpu could not be loaded: ${String(error?.message ?? error).split('\n')[0]}`,
      { peer: '@tensorflow/tfjs-backend-cpu' },
    );
  });
  for (const config of [tileGradConfig, sumGradConfig, meanGradConfig]) installGradient(config);
  if (tf.findBackendFactory(name) != null) return name;

  const specs = KERNEL_SPECS.filter((s) => s.group === 'blas' || options.elementwise !== false);
  const configs = [
    ...specs.map((spec) => bindKernel(spec, addon)),
    ...tf.getKernelsForBackend('cpu'),
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, name) === undefined) {
      tf.registerKernel({ ...config, backendName: name });
    }
  }
  const MathBackendNative = createNativeBackendClass(MathBackendCPU);
  tf.registerBackend(name, () => new MathBackendNative(), options.priority ?? 2.5);
  return name;
}

/**
 * The BLAS, convolution library, kernels' instruction set, thread count and addon path of the
 * native backend; throws a NativeBackendError when the addon is unavailable.
 *
 * @example
 * nativeBackendInfo(); // { blas: 'OpenBLAS 0.3.21 (Haswell)', blasKind: 'openblas', conv: 'oneDNN 2.6.3', convKind: 'onednn', isa: 'avx2', threads: 2, … }
 */
export function nativeBackendInfo(options: { addonRoot?: string } = {}): NativeBackendInfo {
  const root = options.addonRoot ?? packageRoot();
  const { addon, file } = loadAddon(root);
  return { ...addon.info(), addonPath: file, prebuilt: file.split(sep).includes('prebuilds') };
}

/**
 * Sets the thread count of the native backend (process-wide; the pool of every registered
 * copy) and returns the count now in effect.
 *
 * @example
 * setNativeThreads(2);
 */
export function setNativeThreads(threads: number, options: { addonRoot?: string } = {}): number {
  return loadAddon(options.addonRoot).addon.setThreads(resolveThreads(threads));
}

/** Kernels the native backend computes itself (the rest are tfjs-backend-cpu's). */
export const NATIVE_KERNELS: readonly string[] = KERNEL_SPECS.map((s) => s.kernelName);
