import { createImageSet, datasetNames, findDataset, type ImageSet } from '@gantry/datasets';
import { loadDataset } from '@gantry/datasets/node';
import { MetricError } from './errors';

/** Image data sets that `gantry eval` can score against real images (a view of the catalog). */
export const EVAL_IMAGE_DATA: readonly string[] = Object.freeze(
  datasetNames((d) => d.kind === 'image' && d.reference),
);

/**
 * The real images an evaluation compares with, in three disjoint parts:
 * `validation` chooses the Parzen σ, `test` is the Parzen test set and the FID/KID reference,
 * `train` stands in for a generator in the real-data reference row.
 */
export interface EvalSplits {
  data: string;
  validation: ImageSet;
  test: ImageSet;
  train: ImageSet;
  /** Where each part comes from, in words (goes into eval.json). */
  description: string;
}

/** The images `indices` of `set`, as a new set named `name`. */
export function subsetImages(set: ImageSet, indices: readonly number[], name: string): ImageSet {
  const size = set.height * set.width * set.channels;
  const images = new Uint8Array(indices.length * size);
  const labels = set.labels ? new Uint8Array(indices.length) : undefined;
  for (const [j, i] of indices.entries()) {
    images.set(set.images.subarray(i * size, (i + 1) * size), j * size);
    if (labels && set.labels) labels[j] = set.labels[i] as number;
  }
  return createImageSet({
    name,
    images,
    ...(labels ? { labels } : {}),
    count: indices.length,
    height: set.height,
    width: set.width,
    channels: set.channels,
    ...(set.classNames ? { classNames: set.classNames } : {}),
  });
}

const range = (n: number, keep: (i: number) => boolean) =>
  Array.from({ length: n }, (_, i) => i).filter(keep);

/**
 * Splits a train/test pair the way `parzen_ll.py` does: σ chosen on 1,000 of the last 10,000
 * train images (every 10th), scored on the test split; the first count − 10,000 train images
 * are the real-data stand-in.
 */
function paperSplits(data: string, train: ImageSet, test: ImageSet): EvalSplits {
  const held = Math.min(10_000, Math.floor(train.count / 6));
  const first = train.count - held;
  return {
    data,
    validation: subsetImages(
      train,
      range(held, (i) => i % 10 === 0).map((i) => first + i),
      `${data}/validation`,
    ),
    test,
    train: subsetImages(
      train,
      range(first, () => true),
      `${data}/train`,
    ),
    description: `validation: every 10th of the last ${held} train images; test: the ${test.count} test images; real stand-in: the first ${first} train images`,
  };
}

/**
 * Loads the real images that a run trained on `data` is scored against. `mnist-sample` has no
 * test split: its digits i with i mod 5 = 4 (2,000, the ones the shipped classifier never saw)
 * are the test set, i mod 10 = 3 (1,000) the validation set, i mod 5 ∈ {0, 1, 2} the stand-in.
 * A generator trained on `mnist-sample` has seen all 10,000, so its Parzen and FID numbers
 * are on training digits.
 *
 * @example
 * const { test } = await loadEvalSplits('fashion-mnist'); // 10,000 test images
 */
export async function loadEvalSplits(data: string, dataDir?: string): Promise<EvalSplits> {
  const entry = findDataset(data);
  if (!EVAL_IMAGE_DATA.includes(entry.name)) {
    throw new MetricError(
      'E_UNSUPPORTED',
      `no real reference images for data "${data}"; image metrics support ${EVAL_IMAGE_DATA.join(', ')}`,
      { option: 'data', data },
    );
  }
  const loaded = await loadDataset(entry.name, dataDir === undefined ? {} : { dataDir });
  if (loaded.kind === 'image' && loaded.test)
    return paperSplits(entry.name, loaded.source, loaded.test);
  return sampleSplits(loaded.source as ImageSet);
}

/** The embedded sample's splits: test i mod 5 = 4, validation i mod 10 = 3, stand-in i mod 5 ≤ 2. */
function sampleSplits(all: ImageSet): EvalSplits {
  return {
    data: 'mnist-sample',
    validation: subsetImages(
      all,
      range(all.count, (i) => i % 10 === 3),
      'mnist-sample/validation',
    ),
    test: subsetImages(
      all,
      range(all.count, (i) => i % 5 === 4),
      'mnist-sample/test',
    ),
    train: subsetImages(
      all,
      range(all.count, (i) => i % 5 <= 2),
      'mnist-sample/train',
    ),
    description:
      'embedded MNIST sample (10,000 train digits): test = digits i mod 5 = 4 (2,000), validation = i mod 10 = 3 (1,000), real stand-in = i mod 5 ∈ {0,1,2} (6,000)',
  };
}
