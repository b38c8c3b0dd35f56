import { join } from 'node:path';
import { listDir, readRegularFile } from './_files';
import { positiveIntegerOption } from './_options';
import { concatImageSets, parseCifar10Batch } from './cifar10';
import { CIFAR10_CLASSES } from './classNames';
import { DatasetError } from './errors';
import type { SplitDataset } from './imageSet';

/** File names of the CIFAR-10 binary version: five training batches, then the test batch. */
export const CIFAR10_FILES = Object.freeze({
  train: Object.freeze([1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`)),
  test: 'test_batch.bin',
});

/** Default largest batch file {@link loadCifar10} reads: 1 GiB (a real batch is 30,730,000 bytes). */
export const CIFAR10_MAX_FILE_BYTES = 2 ** 30;

/** The folder the archive unpacks to. */
export const CIFAR10_FOLDER = 'cifar-10-batches-bin';

/**
 * Loads the CIFAR-10 binary version from a folder with `data_batch_1.bin` … `data_batch_5.bin`
 * and `test_batch.bin` (or the folder holding the unpacked `cifar-10-batches-bin/`): train
 * (the five batches, in order) and test, NHWC 32×32×3 uint8 with labels and class names. Only
 * regular files are read (a FIFO or device is refused at once), each at most `maxFileBytes`.
 *
 * @example
 * const { train, test } = await loadCifar10({ dir: 'data/cifar-10-batches-bin' }); // 50,000 / 10,000
 */
export async function loadCifar10(opts: {
  dir: string;
  /** Largest batch file accepted, default {@link CIFAR10_MAX_FILE_BYTES}. */
  maxFileBytes?: number;
}): Promise<SplitDataset> {
  let dir = opts.dir;
  const maxBytes = positiveIntegerOption(
    'loadCifar10',
    'maxFileBytes',
    opts.maxFileBytes,
    CIFAR10_MAX_FILE_BYTES,
  );
  let entries = await listDir(dir, 'loadCifar10');
  if (!entries.includes(CIFAR10_FILES.test) && entries.includes(CIFAR10_FOLDER)) {
    dir = join(dir, CIFAR10_FOLDER);
    entries = await listDir(dir, 'loadCifar10');
  }
  const wanted = [...CIFAR10_FILES.train, CIFAR10_FILES.test];
  const missing = wanted.filter((f) => !entries.includes(f));
  if (missing.length > 0) {
    throw new DatasetError(
      'E_NOT_FOUND',
      `${dir}: missing CIFAR-10 batch file${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${wanted.join(', ')})`,
      { file: dir, expected: missing },
    );
  }
  const settled = await Promise.allSettled(
    wanted.map(async (f) => {
      const path = join(dir, f);
      const bytes = await readRegularFile(path, {
        what: 'CIFAR-10 batch file',
        maxBytes,
        option: 'maxFileBytes',
      });
      return parseCifar10Batch(bytes, { file: path });
    }),
  );
  // Errors in file order, whichever read finished first.
  const batches = settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
  const test = batches.pop();
  const train = concatImageSets('cifar10/train', batches);
  return {
    train,
    test: concatImageSets('cifar10/test', test ? [test] : []),
    classNames: CIFAR10_CLASSES,
  };
}
