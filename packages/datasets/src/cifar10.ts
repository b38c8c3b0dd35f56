import { CIFAR10_CLASSES } from './classNames';
import { DatasetError } from './errors';
import { createImageSet, type ImageSet } from './imageSet';

/** Side of a CIFAR-10 image in pixels. */
export const CIFAR10_SIZE = 32;
/** Bytes per record of the CIFAR-10 binary version: 1 label byte + 3·32·32 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * CIFAR10_SIZE * CIFAR10_SIZE;

/**
 * Parses a batch file of the CIFAR-10 binary version (`data_batch_1.bin` … `test_batch.bin`):
 * records of 1 label byte then 3,072 pixel bytes in CHW order (1,024 red, 1,024 green, 1,024
 * blue, rows top to bottom), converted to NHWC. A length that is not a whole number of records,
 * or a label above 9, throws a {@link DatasetError} naming `opts.file` and the byte offset.
 *
 * @example
 * const batch = parseCifar10Batch(bytes, { file: 'data_batch_1.bin' }); // 10,000 × 32×32×3
 */
export function parseCifar10Batch(
  bytes: Uint8Array,
  opts: { file?: string; name?: string } = {},
): ImageSet {
  const file = opts.file ?? '<bytes>';
  const remainder = bytes.length % CIFAR10_RECORD_BYTES;
  if (bytes.length === 0 || remainder !== 0) {
    const whole = bytes.length - remainder;
    throw new DatasetError(
      bytes.length === 0 ? 'E_EMPTY' : 'E_TRUNCATED',
      bytes.length === 0
        ? `${file}: empty file: expected records of ${CIFAR10_RECORD_BYTES} bytes (1 label + 3×32×32 pixels)`
        : `${file}: truncated record at byte offset ${whole}: expected ${CIFAR10_RECORD_BYTES} bytes per record (1 label + 3×32×32 pixels), the file has ${bytes.length} bytes (${remainder} left over after ${whole / CIFAR10_RECORD_BYTES} records)`,
      { file, offset: whole, expected: CIFAR10_RECORD_BYTES, actual: bytes.length },
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const plane = CIFAR10_SIZE * CIFAR10_SIZE;
  const images = new Uint8Array(count * plane * 3);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const at = n * CIFAR10_RECORD_BYTES;
    const label = bytes[at] as number;
    if (label >= CIFAR10_CLASSES.length) {
      throw new DatasetError(
        'E_LABEL_RANGE',
        `${file}: label ${label} at byte offset ${at} (record ${n}): expected 0..9`,
        { file, offset: at, index: n, value: label },
      );
    }
    labels[n] = label;
    const src = at + 1;
    const dst = n * plane * 3;
    for (let p = 0; p < plane; p++) {
      const o = dst + 3 * p;
      images[o] = bytes[src + p] as number;
      images[o + 1] = bytes[src + plane + p] as number;
      images[o + 2] = bytes[src + 2 * plane + p] as number;
    }
  }
  return createImageSet({
    name: opts.name ?? `cifar10/${file}`,
    images,
    labels,
    count,
    height: CIFAR10_SIZE,
    width: CIFAR10_SIZE,
    channels: 3,
    classNames: CIFAR10_CLASSES,
  });
}

/**
 * Concatenates image sets of the same image shape into one (one new array), e.g. the five
 * CIFAR-10 training batches.
 *
 * @example
 * const train = concatImageSets('cifar10/train', [b1, b2, b3, b4, b5]);
 */
export function concatImageSets(name: string, sets: readonly ImageSet[]): ImageSet {
  const first = sets[0];
  if (first === undefined) {
    throw new DatasetError('E_EMPTY', `concatImageSets(${name}): no sets given`, {
      option: 'sets',
    });
  }
  let count = 0;
  for (const [i, s] of sets.entries()) {
    if (s.height !== first.height || s.width !== first.width || s.channels !== first.channels) {
      throw new DatasetError(
        'E_COUNT_MISMATCH',
        `concatImageSets(${name}): set ${i} (${s.name}) is ${s.height}×${s.width}×${s.channels}, expected ${first.height}×${first.width}×${first.channels} like ${first.name}`,
        { option: 'sets', index: i },
      );
    }
    if ((s.labels === undefined) !== (first.labels === undefined)) {
      throw new DatasetError(
        'E_COUNT_MISMATCH',
        `concatImageSets(${name}): set ${i} (${s.name}) ${s.labels ? 'has' : 'lacks'} labels, unlike ${first.name}`,
        { option: 'sets', index: i },
      );
    }
    count += s.count;
  }
  const images = new Uint8Array(count * first.height * first.width * first.channels);
  const labels = first.labels ? new Uint8Array(count) : undefined;
  let offset = 0;
  let n = 0;
  for (const s of sets) {
    images.set(s.images, offset);
    offset += s.images.length;
    if (labels && s.labels) labels.set(s.labels, n);
    n += s.count;
  }
  return createImageSet({
    name,
    images,
    count,
    height: first.height,
    width: first.width,
    channels: first.channels,
    ...(labels ? { labels } : {}),
    ...(first.classNames ? { classNames: first.classNames } : {}),
  });
}
