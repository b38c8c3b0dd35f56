// Loads TensorFlow.js and Gantry's native backend from packages/backend-native's own
// dependencies (the bench folder is not a package), so every program shares one tfjs instance.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadGantry } from './_models.mjs';

export const repoRoot = resolve(import.meta.dirname, '..');
const nativePkg = resolve(repoRoot, 'packages/backend-native');
const require = createRequire(resolve(nativePkg, 'package.json'));

/** Imports a module as packages/backend-native would resolve it. */
export async function load(id) {
  return import(pathToFileURL(require.resolve(id)).href);
}

/** @gantry/backend-native from its built dist/. */
export function loadNative() {
  return import(pathToFileURL(resolve(nativePkg, 'dist/index.js')).href);
}

/**
 * tfjs-core (+ all gradients, via tfjs-layers), Gantry's packages (models, losses, core) and the
 * backend named `backend` (`native` with `threads`, `nativeblas`, `wasm`, `cpu`).
 */
export async function loadTfjs(backend, { threads } = {}) {
  const tf = await load('@tensorflow/tfjs-core');
  await load('@tensorflow/tfjs-layers');
  await load('@tensorflow/tfjs-backend-cpu');
  let info = {};
  if (backend === 'wasm') {
    await load('@tensorflow/tfjs-backend-wasm');
  } else if (backend === 'native' || backend === 'nativeblas') {
    const native = await loadNative();
    await native.registerNativeBackend({
      ...(threads === undefined ? {} : { threads }),
      ...(backend === 'nativeblas' ? { name: 'nativeblas', elementwise: false } : {}),
    });
    info = native.nativeBackendInfo();
  }
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
  const gantry = await loadGantry();
  return { tf, gantry, info };
}
