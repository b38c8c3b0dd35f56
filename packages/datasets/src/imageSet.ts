import { DatasetError } from './errors';

/** A finite image dataset held in one typed array, NHWC, uint8 0..255. */
export interface ImageSet {
  /** Where it came from, e.g. `mnist-sample`, `fashion-mnist/train`. */
  readonly name: string;
  /** count·height·width·channels bytes, sample-major, then row, column, channel (NHWC). */
  readonly images: Uint8Array;
  /** One class index per image, when labelled. */
  readonly labels?: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  /** Name of each class index, when known. */
  readonly classNames?: readonly string[];
}

/** A dataset with its official train and test splits. */
export interface SplitDataset {
  train: ImageSet;
  test: ImageSet;
  classNames: readonly string[];
}

/** Fields of {@link createImageSet}. */
export interface ImageSetInit {
  name: string;
  images: Uint8Array;
  labels?: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  classNames?: readonly string[];
}

/**
 * Checks that the arrays agree with the stated shape (images = count·h·w·c bytes, one label per
 * image, labels below the number of class names) and returns a frozen {@link ImageSet}; the
 * arrays are kept, not copied.
 *
 * @example
 * const set = createImageSet({ name: 'two', images: new Uint8Array(2 * 4), count: 2, height: 2, width: 2, channels: 1 });
 */
export function createImageSet(init: ImageSetInit): ImageSet {
  const { name, images, labels, count, height, width, channels, classNames } = init;
  for (const [key, value] of [
    ['count', count],
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isInteger(value) || value < (key === 'count' ? 0 : 1)) {
      throw new DatasetError(
        'E_INVALID_ARGUMENT',
        `createImageSet(${name}): ${key} must be a ${key === 'count' ? 'non-negative' : 'positive'} integer, got ${value}`,
        { option: key, dataset: name },
      );
    }
  }
  if (channels !== 1 && channels !== 3) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `createImageSet(${name}): channels must be 1 or 3, got ${String(channels)}`,
      { option: 'channels', dataset: name },
    );
  }
  const expected = count * height * width * channels;
  if (!(images instanceof Uint8Array) || images.length !== expected) {
    throw new DatasetError(
      'E_COUNT_MISMATCH',
      `createImageSet(${name}): images must be a Uint8Array of ${count}×${height}×${width}×${channels} = ${expected} bytes, got ${images?.length}`,
      { option: 'images', dataset: name, expected, actual: images?.length },
    );
  }
  if (labels !== undefined) {
    if (!(labels instanceof Uint8Array) || labels.length !== count) {
      throw new DatasetError(
        'E_COUNT_MISMATCH',
        `createImageSet(${name}): ${labels?.length} labels for ${count} images`,
        { option: 'labels', dataset: name, expected: count, actual: labels?.length },
      );
    }
    if (classNames !== undefined) {
      for (let i = 0; i < labels.length; i++) {
        if ((labels[i] as number) >= classNames.length) {
          throw new DatasetError(
            'E_LABEL_RANGE',
            `createImageSet(${name}): label ${labels[i]} at index ${i} is not below the ${classNames.length} classes`,
            { option: 'labels', dataset: name, index: i, value: labels[i] },
          );
        }
      }
    }
  }
  return Object.freeze({
    name,
    images,
    count,
    height,
    width,
    channels,
    ...(labels === undefined ? {} : { labels }),
    ...(classNames === undefined ? {} : { classNames: Object.freeze([...classNames]) }),
  });
}

/** True when `source` looks like an {@link ImageSet} (has a `Uint8Array` of images). */
export function isImageSet(source: unknown): source is ImageSet {
  return (
    typeof source === 'object' &&
    source !== null &&
    (source as { images?: unknown }).images instanceof Uint8Array &&
    typeof (source as { count?: unknown }).count === 'number'
  );
}
