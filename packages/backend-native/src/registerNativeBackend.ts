import * as tf from '@tensorflow/tfjs-core';
import { addonPath, loadAddon, type NativeAddon, packageRoot } from './_addon';
import { createNativeBackendClass } from './_backend';
import { NATIVE_BACKEND_NAME, type NativeContext } from './_context';
import { NativeBackendError } from './errors';
import { fusedMatMulConfig } from './kernels/_FusedMatMul';
import { batchMatMulConfig } from './kernels/BatchMatMul';
import { binaryConfigs } from './kernels/binary';
import { conv2DConfig } from './kernels/Conv2D';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm';
import { fusedConv2DConfig } from './kernels/FusedConv2D';
import { reduceConfigs } from './kernels/reduce';
import { selectConfig } from './kernels/Select';
import { tileConfig } from './kernels/Tile';
import { unaryConfigs } from './kernels/unary';

/** Options of {@link registerNativeBackend}. */
export interface NativeBackendOptions {
  /**
   * BLAS threads. Default: `GANTRY_NATIVE_THREADS`, else `OPENBLAS_NUM_THREADS`, else 1 (one
   * thread gives bit-reproducible results and leaves cores to data loading).
   */
  threads?: number;
  /** Also replace the element-wise and reduction kernels (default true; false: BLAS only). */
  elementwise?: boolean;
  /** Backend name (default `native`); another name registers a second, separate copy. */
  name?: string;
  /** tfjs priority (default 2.5: above wasm and webgl, below tfjs-node's 3). */
  priority?: number;
  /** Folder holding `build/` with the compiled addon (default: this package's own). */
  addonRoot?: string;
}

/** Facts about the loaded addon, from {@link nativeBackendInfo}. */
export interface NativeBackendInfo {
  /** The BLAS linked in, e.g. `OpenBLAS 0.3.21`. */
  blas: string;
  /** BLAS threads in effect (-1 when the BLAS cannot tell). */
  threads: number;
  /** Path of the compiled addon. */
  addonPath: string;
}

function resolveThreads(threads: number | undefined): number {
  const fromEnv = process.env['GANTRY_NATIVE_THREADS'] ?? process.env['OPENBLAS_NUM_THREADS'];
  const value = threads ?? (fromEnv === undefined || fromEnv === '' ? 1 : Number(fromEnv));
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new NativeBackendError(
      'E_INVALID_ARGUMENT',
      `threads must be an integer in [1, 1024] (option threads, GANTRY_NATIVE_THREADS or OPENBLAS_NUM_THREADS); got ${threads ?? fromEnv}`,
      { option: 'threads', value: threads ?? fromEnv },
    );
  }
  return value;
}

function cpuContext(addon: NativeAddon): NativeContext {
  return {
    addon,
    cpu(kernelName) {
      const config = tf.getKernel(kernelName, 'cpu');
      if (config === undefined) {
        throw new NativeBackendError(
          'E_NATIVE_UNAVAILABLE',
          `@tensorflow/tfjs-backend-cpu registered no ${kernelName} kernel`,
          { kernel: kernelName },
        );
      }
      return config.kernelFunc;
    },
  };
}

/**
 * Registers the `native` tfjs backend and returns its name: tfjs-backend-cpu's kernels, with
 * BatchMatMul, _FusedMatMul, Conv2D, FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter on
 * OpenBLAS and the hot element-wise ops and reductions in C++. Throws a NativeBackendError
 * saying why when the addon is unavailable (e.g. `addon not built: cannot find -lopenblas`).
 * Importing this package changes nothing; calling this twice is harmless.
 *
 * @example
 * const name = await registerNativeBackend(); // 'native'
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
  const addon = loadAddon(options.addonRoot);
  addon.setThreads(resolveThreads(options.threads));
  // tfjs-backend-cpu registers the `cpu` backend when imported: only here, never on import.
  const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu').catch((error) => {
    throw new NativeBackendError(
      'E_NATIVE_UNAVAILABLE',
      `its peer dependency @tensorflow/tfjs-backend-cpu could not be loaded: ${String(error?.message ?? error).split('\n')[0]}`,
      { peer: '@tensorflow/tfjs-backend-cpu' },
    );
  });
  if (tf.findBackendFactory(name) != null) return name;

  const ctx = cpuContext(addon);
  const configs = [
    batchMatMulConfig(ctx),
    fusedMatMulConfig(ctx),
    conv2DConfig(ctx),
    fusedConv2DConfig(ctx),
    conv2DBackpropInputConfig(ctx),
    conv2DBackpropFilterConfig(ctx),
    ...(options.elementwise === false
      ? []
      : [
          ...binaryConfigs(ctx),
          ...unaryConfigs(ctx),
          ...reduceConfigs(ctx),
          selectConfig(ctx),
          tileConfig(ctx),
          fusedBatchNormConfig(ctx),
        ]),
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, name) === undefined) {
      tf.registerKernel({ ...config, backendName: name });
    }
  }
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(config.kernelName, name) === undefined) {
      tf.registerKernel({ ...config, backendName: name });
    }
  }

  const MathBackendNative = createNativeBackendClass(MathBackendCPU);
  tf.registerBackend(name, () => new MathBackendNative(), options.priority ?? 2.5);
  return name;
}

/**
 * The BLAS, thread count and addon path of the native backend; throws a NativeBackendError
 * when the addon is unavailable.
 *
 * @example
 * console.log(nativeBackendInfo()); // { blas: 'OpenBLAS 0.3.21', threads: 1, addonPath: '…' }
 */
export function nativeBackendInfo(options: { addonRoot?: string } = {}): NativeBackendInfo {
  const addon = loadAddon(options.addonRoot);
  return {
    blas: addon.blasName().trim(),
    threads: addon.getThreads(),
    addonPath: addonPath(options.addonRoot ?? packageRoot()),
  };
}

/**
 * Sets the BLAS thread count of the native backend (process-wide) and returns the count now in
 * effect.
 *
 * @example
 * setNativeThreads(2);
 */
export function setNativeThreads(threads: number, options: { addonRoot?: string } = {}): number {
  const addon = loadAddon(options.addonRoot);
  return addon.setThreads(resolveThreads(threads));
}

/** Kernels the native backend computes itself (the rest are tfjs-backend-cpu's). */
export const NATIVE_KERNELS: readonly string[] = [
  'BatchMatMul',
  '_FusedMatMul',
  'Conv2D',
  'FusedConv2D',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'Add',
  'Sub',
  'Multiply',
  'RealDiv',
  'Maximum',
  'Minimum',
  'SquaredDifference',
  'Greater',
  'GreaterEqual',
  'Less',
  'LessEqual',
  'Equal',
  'NotEqual',
  'Relu',
  'Relu6',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'Exp',
  'Log',
  'Sqrt',
  'Rsqrt',
  'Square',
  'Neg',
  'Abs',
  'Elu',
  'Softplus',
  'Step',
  'Reciprocal',
  'Log1p',
  'Sum',
  'Mean',
  'Max',
  'Min',
  'Select',
  'Tile',
  'FusedBatchNorm',
];
