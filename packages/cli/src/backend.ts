import { type BackendPreference, type BackendSelection, selectBackend } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself; tfjs-layers' Node bundle registers all of them on the
// one tfjs-core instance (what the umbrella @tensorflow/tfjs would do, without its 140 MB).
import '@tensorflow/tfjs-layers';

/**
 * Selects the backend for a command, resolving optional backend packages (tfjs-node-gpu,
 * tfjs-node, @gantry/backend-native, tfjs-backend-wasm, tfjs-backend-cpu) from the CLI's own
 * install; `threads` goes to the backends that take a count (`--threads`).
 */
export async function chooseBackend(
  prefer: BackendPreference,
  requiredKernels: readonly string[] = [],
  threads?: number,
): Promise<BackendSelection> {
  // Our own line says which backend runs; silence tfjs's "install tfjs-node" banner.
  tf.env().set('PROD', true);
  return selectBackend({
    prefer,
    requiredKernels,
    ...(threads === undefined ? {} : { threads }),
    importModule: (id) => import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>,
  });
}
