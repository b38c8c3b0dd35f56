import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  getToyDistribution,
  type ImageSet,
  loadMnistSample,
  type ToyDistribution,
} from '@gantry/datasets';
import {
  CIFAR10_FOLDER,
  loadCifar10,
  loadFashionMnist,
  loadImageFolder,
  loadMnist,
} from '@gantry/datasets/node';
import type { TrainConfig } from './config';
import { TOY_DATA } from './config';
import { TrainerError } from './errors';

/** The data a run trains on, with the shape of one sample. */
export type TrainingData =
  | { kind: 'image'; source: ImageSet /** [H, W, C] */; sampleShape: number[] }
  | { kind: 'toy'; source: ToyDistribution /** [dim] */; sampleShape: number[] };

/** The download cache of `gantry data download`: $GANTRY_CACHE_DIR, else ~/.cache/gantry. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['GANTRY_CACHE_DIR'] ?? join(homedir(), '.cache', 'gantry');
}

/** Where `gantry data download NAME` left a data set, if it did. */
export function downloadedDataDir(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const dir =
    name === 'cifar10' ? join(cacheDir(env), name, CIFAR10_FOLDER) : join(cacheDir(env), name);
  return existsSync(dir) ? dir : undefined;
}

/** Loads the training split named by `config.data` (reading `config.dataDir` where needed). */
export async function loadTrainingData(
  config: Pick<TrainConfig, 'data' | 'dataDir' | 'imageSize' | 'channels'>,
  onSkip?: (file: string, reason: string) => void,
): Promise<TrainingData> {
  const { data } = config;
  if ((TOY_DATA as readonly string[]).includes(data)) {
    const toy = getToyDistribution(data);
    return { source: toy, sampleShape: [toy.dim], kind: 'toy' };
  }
  let images: ImageSet;
  const needDir = () => {
    const dir = config.dataDir ?? downloadedDataDir(data);
    if (!dir) {
      throw new TrainerError(
        'E_DATA',
        `--data ${data} reads the standard files from a folder: pass --data-dir DIR, or fetch them into ${join(cacheDir(), data)} with \`gantry data download ${data}\``,
        { key: 'dataDir' },
      );
    }
    return dir;
  };
  if (data === 'mnist-sample') images = await loadMnistSample();
  else if (data === 'mnist') images = (await loadMnist({ dir: needDir() })).train;
  else if (data === 'fashion-mnist') {
    // Without a folder, the loader falls back to Debian's dataset-fashion-mnist files.
    const dir = config.dataDir ?? downloadedDataDir(data);
    images = (await loadFashionMnist(dir ? { dir } : {})).train;
  } else if (data === 'cifar10') images = (await loadCifar10({ dir: needDir() })).train;
  else if (data.startsWith('folder:')) {
    const size = config.imageSize ?? 28;
    images = await loadImageFolder(data.slice('folder:'.length), {
      size: [size, size],
      channels: config.channels ?? 1,
      strict: false,
      onSkip,
    });
  } else {
    throw new TrainerError('E_DATA', `unknown data "${data}"`, { key: 'data' });
  }
  return {
    source: images,
    sampleShape: [images.height, images.width, images.channels],
    kind: 'image',
  };
}
