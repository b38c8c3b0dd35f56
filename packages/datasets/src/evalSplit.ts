import { createImageSet, type ImageSet } from './imageSet';

/**
 * Which training images of a data set evaluation keeps for itself, by index into the training
 * split: `validation` chooses the Parzen σ, `test` (when the data set has no official test
 * split) is the Parzen test set and the Fréchet reference, `standIn` stands in for a generator
 * in the real-data reference row, and `training` is what a run that follows the protocol
 * trains on (every image that is neither validation nor test).
 */
export interface EvalSplitIndices {
  validation: number[];
  /** Absent when the data set has an official test split (the evaluation uses that). */
  test?: number[];
  standIn: number[];
  training: number[];
  /** Where each part comes from, in words. */
  description: string;
}

const range = (n: number, keep: (i: number) => boolean) =>
  Array.from({ length: n }, (_, i) => i).filter(keep);

/**
 * The evaluation split of a training split of `trainCount` images (the one owner of it: the
 * trainer's `holdOut` and `@gantry/eval` both read it).
 * - With an official test split (`hasTest`), Goodfellow et al.'s `parzen_ll.py` protocol: the
 *   last held = min(10,000, ⌊count/6⌋) training images are held out (MNIST: train on 0–50,000,
 *   σ on 50,000–60,000), σ chosen on every 10th of them (1,000).
 * - Without one (the embedded `mnist-sample`): test = images i mod 5 = 4, validation =
 *   i mod 10 = 3, stand-in = i mod 5 ∈ {0, 1, 2}; training = the other 7 in 10.
 *
 * @example
 * evalSplitIndices(60_000, true).training.length; // 50,000
 */
export function evalSplitIndices(trainCount: number, hasTest: boolean): EvalSplitIndices {
  if (hasTest) {
    const held = Math.min(10_000, Math.floor(trainCount / 6));
    const first = trainCount - held;
    const training = range(first, () => true);
    return {
      validation: range(held, (i) => i % 10 === 0).map((i) => first + i),
      standIn: training,
      training,
      description: `validation: every 10th of the last ${held} train images; test: the test split; real stand-in: the first ${first} train images`,
    };
  }
  return {
    validation: range(trainCount, (i) => i % 10 === 3),
    test: range(trainCount, (i) => i % 5 === 4),
    standIn: range(trainCount, (i) => i % 5 <= 2),
    training: range(trainCount, (i) => i % 10 !== 3 && i % 5 !== 4),
    description: `${trainCount} train images: test = i mod 5 = 4, validation = i mod 10 = 3, real stand-in = i mod 5 ∈ {0,1,2}`,
  };
}

/**
 * The images `indices` of `set`, as a new set named `name` (labels and class names kept).
 *
 * @example
 * subsetImages(set, [0, 2], 'two of them').count; // 2
 */
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
