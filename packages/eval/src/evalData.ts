import {
  datasetNames,
  evalSplitIndices,
  findDataset,
  type ImageSet,
  subsetImages,
} from '@gantry/datasets';
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

/** The three parts of a split's indices as image sets. */
function splitsOf(data: string, train: ImageSet, test: ImageSet | undefined): EvalSplits {
  const parts = evalSplitIndices(train.count, test !== undefined);
  return {
    data,
    validation: subsetImages(train, parts.validation, `${data}/validation`),
    test: test ?? subsetImages(train, parts.test ?? [], `${data}/test`),
    train: subsetImages(train, parts.standIn, `${data}/train`),
    description: `${data}: ${parts.description}`,
  };
}

/**
 * Loads the real images that a run trained on `data` is scored against, split by
 * `evalSplitIndices` (`@gantry/datasets`). `mnist-sample` has no test split: its digits
 * i mod 5 = 4 (2,000, the ones the shipped classifier never saw) are the test set, i mod 10 = 3
 * (1,000) the validation set, i mod 5 ∈ {0, 1, 2} the stand-in. A run trained without
 * `holdOut` has seen the validation images (and, on `mnist-sample`, the test digits): the
 * report says so (`EvalReport.splits.protocol`).
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
  const train = loaded.source as ImageSet;
  return splitsOf(entry.name, train, loaded.kind === 'image' ? loaded.test : undefined);
}
