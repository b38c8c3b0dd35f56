import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

const GANTRY_PACKAGES = [
  '@gantry/core',
  '@gantry/losses',
  '@gantry/datasets',
  '@gantry/models',
  '@gantry/tensorboard',
  '@gantry/trainer',
] as const;

/**
 * A `require` that resolves from this module in both builds. Not the bare `require`: the ESM
 * build replaces it with a shim that throws. The CJS build has `__filename` (and an empty
 * `import.meta`); the ESM build and the sources have `import.meta.url`.
 */
function localRequire(): NodeJS.Require {
  return createRequire(typeof __filename !== 'undefined' ? __filename : import.meta.url);
}

/**
 * The versions a run record states: Node, tfjs-core and every `@gantry/*` package the trainer
 * uses, each read from the `package.json` that resolves from here (every package exports
 * `./package.json`); `unknown` only for a package that cannot be resolved.
 */
export function packageVersions(): Record<string, string> {
  const req = localRequire();
  const out: Record<string, string> = {
    node: process.version,
    '@tensorflow/tfjs-core': tf.version_core,
  };
  for (const name of GANTRY_PACKAGES) {
    try {
      out[name] = (req(`${name}/package.json`) as { version: string }).version;
    } catch {
      out[name] = 'unknown';
    }
  }
  return out;
}
