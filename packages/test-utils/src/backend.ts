import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients by itself; tfjs-layers' bundle registers all of them.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';

/** Activates tfjs's plain `cpu` backend (with gradients registered) for deterministic tests. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
