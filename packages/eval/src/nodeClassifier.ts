import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSystemIO } from '@gantry/models/node';
import {
  type Classifier,
  type ClassifierName,
  type LoadClassifierOptions,
  loadClassifier as loadClassifierFrom,
} from './classifier';

/** Options of {@link loadClassifier} in Node: the browser options, with `io` optional. */
export interface LoadClassifierFileOptions extends Partial<LoadClassifierOptions> {
  /**
   * Folder holding `<name>/model.json` and `<name>/weights.bin` (default: the package's own
   * `classifiers/` folder, found relative to this module in both the ESM and the CJS build).
   */
  dir?: string;
}

/** The package's `classifiers/` folder: `dist/../classifiers` or `src/../classifiers`. */
function shippedClassifiersDir(): string {
  // CJS build: `import.meta` is empty there, but `__dirname` (dist/) is defined.
  if (typeof __dirname !== 'undefined') return join(__dirname, '..', 'classifiers');
  return fileURLToPath(new URL('../classifiers/', import.meta.url));
}

/**
 * Loads a shipped classifier in Node: from `options.io` when given, else from
 * `<dir>/<name>/` (default: the package's `classifiers/` folder) with `@gantry/models/node`'s
 * `fileSystemIO`. Errors are {@link ClassifierError}s (`E_BAD_MODEL_FILE` for a missing or
 * truncated file).
 *
 * @example
 * const clf = await loadClassifier('mnist');
 * const x = toClassifierInput((await loadMnistSample()).images.subarray(0, 100 * 784));
 * const p = clf.probabilities(x); // 100×10, rows sum to 1
 * tf.dispose([x, p]); clf.dispose();
 */
export function loadClassifier(
  name: ClassifierName,
  options: LoadClassifierFileOptions = {},
): Promise<Classifier> {
  const { dir, io, ...rest } = options;
  return loadClassifierFrom(name, {
    ...rest,
    io: io ?? fileSystemIO(join(dir ?? shippedClassifiersDir(), String(name))),
  });
}
