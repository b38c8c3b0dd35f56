import { getToyDistribution, type ImageSet, type ToyDistribution } from '@gantry/datasets';
import {
  loadCifar10,
  loadFashionMnist,
  loadImageFolder,
  loadMnist,
  loadMnistSample,
} from '@gantry/datasets/node';
import type { TrainConfig } from './config';
import { TOY_DATA } from './config';
import { TrainerError } from './errors';

/** The data a run trains on, with the shape of one sample. */
export interface TrainingData {
  source: ImageSet | ToyDistribution;
  /** [H, W, C] for images, [dim] for toy data. */
  sampleShape: number[];
  kind: 'image' | 'toy';
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
    if (!config.dataDir) {
      throw new TrainerError(
        'E_DATA',
        `--data ${data} reads the standard files from a folder: pass --data-dir DIR (get them with \`gantry data download ${data}\`)`,
        { key: 'dataDir' },
      );
    }
    return config.dataDir;
  };
  if (data === 'mnist-sample') images = loadMnistSample();
  else if (data === 'mnist') images = (await loadMnist({ dir: needDir() })).train;
  else if (data === 'fashion-mnist') images = (await loadFashionMnist({ dir: needDir() })).train;
  else if (data === 'cifar10') images = (await loadCifar10({ dir: needDir() })).train;
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
