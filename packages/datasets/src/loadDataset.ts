import { join } from 'node:path';
import { cacheDir, downloadedDataDir } from './cache';
import { type DatasetEntry, findDataset } from './catalog';
import { DatasetError } from './errors';
import { getToyDistribution } from './getToyDistribution';
import type { ImageSet } from './imageSet';
import { loadCifar10 } from './loadCifar10';
import { loadImageFolder } from './loadImageFolder';
import { loadFashionMnist, loadMnist } from './loadMnist';
import { loadMnistSample } from './mnistSample';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** Folder of the dataset's standard files (or of the PNGs of `image-folder`). */
  dataDir?: string;
  /** `image-folder`: side length the images are resized to (default 28). */
  imageSize?: number;
  /** `image-folder`: 1 (gray, default) or 3 (RGB) channels. */
  channels?: 1 | 3;
  /** `image-folder`: called for each file that is skipped (not a readable PNG). */
  onSkip?: (file: string, reason: string) => void;
  /** Where the download cache is looked up (`$GANTRY_CACHE_DIR`; default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** A dataset loaded by name: its catalog entry, its training samples and their shape. */
export type LoadedDataset =
  | {
      entry: DatasetEntry;
      kind: 'image';
      /** The training split. */
      source: ImageSet;
      /** The test split, for the datasets that have one. */
      test?: ImageSet;
      /** [H, W, C]. */
      sampleShape: number[];
    }
  | { entry: DatasetEntry; kind: 'toy'; source: ToyDistribution; sampleShape: number[] };

/** The folder of `entry`'s standard files: `dataDir`, else the download cache, else none. */
function filesDir(entry: DatasetEntry, options: LoadDatasetOptions): string | undefined {
  if (options.dataDir !== undefined) return options.dataDir;
  return entry.download ? downloadedDataDir(entry.download, options.env) : undefined;
}

function needDir(entry: DatasetEntry, options: LoadDatasetOptions): string {
  const dir = filesDir(entry, options);
  if (dir !== undefined) return dir;
  throw new DatasetError(
    'E_NOT_FOUND',
    `${entry.name} reads its standard files from a folder: give dataDir (--data-dir DIR), or fetch them into ${join(cacheDir(options.env), entry.name)} with \`gantry data download ${entry.name}\``,
    { option: 'dataDir', data: entry.name },
  );
}

async function loadImages(
  entry: DatasetEntry,
  options: LoadDatasetOptions,
): Promise<{ train: ImageSet; test?: ImageSet }> {
  switch (entry.name) {
    case 'mnist-sample':
      return { train: await loadMnistSample() };
    case 'mnist':
      return loadMnist({ dir: needDir(entry, options) });
    case 'fashion-mnist': {
      // Without a folder, the loader falls back to Debian's dataset-fashion-mnist files.
      const dir = filesDir(entry, options);
      return loadFashionMnist(dir ? { dir } : {});
    }
    case 'cifar10':
      return loadCifar10({ dir: needDir(entry, options) });
    default: {
      if (options.dataDir === undefined) {
        throw new DatasetError(
          'E_INVALID_ARGUMENT',
          'image-folder reads the PNG images of a folder: give dataDir (--data-dir DIR)',
          { option: 'dataDir', data: entry.name },
        );
      }
      const size = options.imageSize ?? 28;
      const train = await loadImageFolder(options.dataDir, {
        size: [size, size],
        channels: options.channels ?? 1,
        strict: false,
        ...(options.onSkip ? { onSkip: options.onSkip } : {}),
      });
      return { train };
    }
  }
}

/**
 * Loads a dataset of the catalog by name (matched as {@link findDataset} does): a toy
 * distribution, or the images of its training split (and its test split where it has one),
 * reading `dataDir` or the download cache where the dataset needs files.
 *
 * @example
 * const data = await loadDataset('fashion-mnist'); // Debian's files, or the download cache
 * console.log(data.kind, data.sampleShape); // 'image', [28, 28, 1]
 */
export async function loadDataset(
  name: string,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const entry = findDataset(name);
  if (entry.kind === 'toy') {
    const toy = getToyDistribution(entry.name);
    return { entry, kind: 'toy', source: toy, sampleShape: [toy.dim] };
  }
  const { train, test } = await loadImages(entry, options);
  return {
    entry,
    kind: 'image',
    source: train,
    ...(test ? { test } : {}),
    sampleShape: [train.height, train.width, train.channels],
  };
}
