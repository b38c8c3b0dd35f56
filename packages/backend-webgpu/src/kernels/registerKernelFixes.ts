import * as tf from '@tensorflow/tfjs-core';

/** Kernel configs Gantry registers for the webgpu backend, over or beside tfjs-backend-webgpu's. */
const FIXES: tf.KernelConfig[] = [];

/** Registers every fix for `backendName` (idempotent) and returns their kernel names. */
export function registerKernelFixes(backendName: string): string[] {
  for (const config of FIXES) {
    if (tf.getKernel(config.kernelName, backendName) !== undefined) {
      tf.unregisterKernel(config.kernelName, backendName);
    }
    tf.registerKernel({ ...config, backendName });
  }
  return FIXES.map((c) => c.kernelName);
}
