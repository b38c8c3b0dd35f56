import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients by itself; tfjs-layers' bundle registers all of them.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';

/** Activates tfjs's plain `cpu` backend (with gradients registered) for deterministic tests. */
export async function useCpuBackend(): Promise<void> {
  // Silences the cpu backend's "install tfjs-node" banner, printed once per test file.
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
}

/** What `import('@gantry/backend-native')` gives (test-utils cannot depend on it: a cycle). */
export interface NativeBackendModule {
  registerNativeBackend(options?: { threads?: number }): Promise<string>;
}

/**
 * Activates `@gantry/backend-native` (OpenBLAS kernels, one thread, deterministic) when its addon
 * is built, else the plain `cpu` backend; returns the backend's name. For tests that train; the
 * caller passes `() => import('@gantry/backend-native')`. `GANTRY_TEST_BACKEND=cpu` forces cpu.
 */
export async function useFastBackend(
  loadNative: () => Promise<NativeBackendModule>,
): Promise<string> {
  tf.env().set('IS_TEST', true);
  if (process.env.GANTRY_TEST_BACKEND !== 'cpu') {
    try {
      const { registerNativeBackend } = await loadNative();
      const name = await registerNativeBackend({ threads: 1 });
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // addon not built here: fall back to cpu below
    }
  }
  await useCpuBackend();
  return 'cpu';
}
