import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listDir } from './_files';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from './classNames';
import { DatasetError } from './errors';
import { createImageSet, type ImageSet, type SplitDataset } from './imageSet';
import { readIdxFile } from './readIdxFile';

/** Where Debian's `dataset-fashion-mnist` package installs the Fashion-MNIST files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

type Part = 'train' | 't10k';

/** Conventional names of one IDX file, compressed or not, with `-` or `.` before `idx`. */
function candidates(part: Part, kind: 'images' | 'labels'): string[] {
  const idx = kind === 'images' ? 'idx3-ubyte' : 'idx1-ubyte';
  const names = [`${part}-${kind}-${idx}`, `${part}-${kind}.${idx}`];
  return names.flatMap((n) => [n, `${n}.gz`]);
}

function findFile(dir: string, entries: readonly string[], part: Part, kind: 'images' | 'labels') {
  const names = candidates(part, kind);
  const found = names.find((n) => entries.includes(n));
  if (found === undefined) {
    throw new DatasetError(
      'E_NOT_FOUND',
      `${dir}: no ${part === 'train' ? 'training' : 'test'} ${kind} file; looked for ${names.join(', ')}`,
      { file: dir, expected: names },
    );
  }
  return join(dir, found);
}

/** A dataset needs at least one image of at least 1×1: a 0 dimension is an error naming it. */
function checkDimensions(file: string, shape: readonly number[], names: readonly string[]) {
  for (const [d, size] of shape.entries()) {
    if (size > 0) continue;
    throw new DatasetError(
      d === 0 ? 'E_EMPTY' : 'E_FORMAT',
      `${file}: IDX dimension ${d} (${names[d]}) at byte offset ${4 + 4 * d} is 0: a dataset needs at least one image of at least 1×1 pixels`,
      { file, offset: 4 + 4 * d, dimension: d, actual: 0 },
    );
  }
}

async function loadSplit(
  dir: string,
  entries: readonly string[],
  spec: { part: Part; dataset: string; classNames: readonly string[] },
): Promise<ImageSet> {
  const imagesFile = findFile(dir, entries, spec.part, 'images');
  const labelsFile = findFile(dir, entries, spec.part, 'labels');
  const [images, labels] = await Promise.all([readIdxFile(imagesFile), readIdxFile(labelsFile)]);
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new DatasetError(
      'E_FORMAT',
      `${imagesFile}: expected uint8 images of 3 dimensions (count×rows×columns), got ${images.dtype} [${images.shape.join(', ')}]`,
      { file: imagesFile, offset: 2 },
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new DatasetError(
      'E_FORMAT',
      `${labelsFile}: expected uint8 labels of 1 dimension, got ${labels.dtype} [${labels.shape.join(', ')}]`,
      { file: labelsFile, offset: 2 },
    );
  }
  checkDimensions(imagesFile, images.shape, ['image count', 'rows', 'columns']);
  const [count, height, width] = images.shape as [number, number, number];
  const labelCount = labels.shape[0] as number;
  if (labelCount !== count) {
    throw new DatasetError(
      'E_COUNT_MISMATCH',
      `${labelsFile}: ${labelCount} labels (count at byte offset 4) for the ${count} images of ${imagesFile}`,
      { file: labelsFile, offset: 4, expected: count, actual: labelCount },
    );
  }
  const labelData = labels.data as Uint8Array;
  for (let i = 0; i < labelData.length; i++) {
    if ((labelData[i] as number) >= spec.classNames.length) {
      throw new DatasetError(
        'E_LABEL_RANGE',
        `${labelsFile}: label ${labelData[i]} at byte offset ${8 + i} (image ${i}): expected 0..${spec.classNames.length - 1}`,
        { file: labelsFile, offset: 8 + i, index: i, value: labelData[i] },
      );
    }
  }
  return createImageSet({
    name: `${spec.dataset}/${spec.part === 'train' ? 'train' : 'test'}`,
    images: images.data as Uint8Array,
    labels: labelData,
    count,
    height,
    width,
    channels: 1,
    classNames: spec.classNames,
  });
}

async function loadIdxDataset(
  dataset: string,
  dir: string,
  classNames: readonly string[],
): Promise<SplitDataset> {
  const entries = await listDir(dir, dataset);
  // Both splits load in parallel; errors are reported in a fixed order (train first).
  const settled = await Promise.allSettled(
    (['train', 't10k'] as const).map((part) =>
      loadSplit(dir, entries, { part, dataset, classNames }),
    ),
  );
  const [train, test] = settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
  return { train: train as ImageSet, test: test as ImageSet, classNames };
}

/**
 * Loads MNIST from a folder holding the four conventional IDX files
 * (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each optionally `.gz`; gzip is detected by content): train and test
 * splits of N×28×28 uint8 with labels; image and label counts must agree.
 *
 * @example
 * const { train, test } = await loadMnist({ dir: `${cacheDir}/mnist` }); // 60,000 / 10,000
 */
export async function loadMnist(opts: { dir: string }): Promise<SplitDataset> {
  return loadIdxDataset('mnist', opts.dir, MNIST_CLASSES);
}

/**
 * Loads Fashion-MNIST (same files and layout as {@link loadMnist}) with its class names. Without
 * `dir` it reads Debian's `dataset-fashion-mnist` package at {@link DEBIAN_FASHION_MNIST_DIR}.
 *
 * @example
 * const { train } = await loadFashionMnist(); // 60,000 images, 6,000 per class
 */
export async function loadFashionMnist(opts: { dir?: string } = {}): Promise<SplitDataset> {
  const dir = opts.dir ?? DEBIAN_FASHION_MNIST_DIR;
  if (opts.dir === undefined && !existsSync(dir)) {
    throw new DatasetError(
      'E_NOT_FOUND',
      `loadFashionMnist: no dir given and ${DEBIAN_FASHION_MNIST_DIR} does not exist; pass { dir } with the IDX files, install Debian's dataset-fashion-mnist or run \`gantry data download fashion-mnist\``,
      { file: dir, option: 'dir' },
    );
  }
  return loadIdxDataset('fashion-mnist', dir, FASHION_MNIST_CLASSES);
}
