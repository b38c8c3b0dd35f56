export {
  type BatchStream,
  type BatchStreamOptions,
  type BatchStreamState,
  createBatchStream,
  type LabelledBatch,
  type Normalization,
} from './batchStream';
export {
  type BatchStreamBenchmark,
  type BenchmarkBatchStreamOptions,
  benchmarkBatchStream,
} from './bench';
export {
  DATASETS,
  type DatasetClassifier,
  type DatasetEntry,
  type DatasetSource,
  datasetNames,
  findDataset,
} from './catalog';
export {
  CIFAR10_RECORD_BYTES,
  CIFAR10_SIZE,
  concatImageSets,
  parseCifar10Batch,
} from './cifar10';
export { CIFAR10_CLASSES, FASHION_MNIST_CLASSES, MNIST_CLASSES } from './classNames';
export { DatasetError, type DatasetErrorCode } from './errors';
export { type EvalSplitIndices, evalSplitIndices, subsetImages } from './evalSplit';
export { type Gaussian1dOptions, gaussian1d } from './gaussian1d';
export { getToyDistribution, TOY_DISTRIBUTIONS } from './getToyDistribution';
export { type Grid2dOptions, grid2d } from './grid2d';
export {
  encodeIdx,
  IDX_DTYPES,
  IDX_MAX_BYTES,
  type IdxArray,
  type IdxDtype,
  type IdxHeader,
  type IdxTypedArray,
  idxHeader,
  parseIdx,
} from './idx';
export {
  createImageSet,
  type ImageSet,
  type ImageSetInit,
  isImageSet,
  type SplitDataset,
} from './imageSet';
export { type DatasetInfo, listDatasets } from './listDatasets';
export { loadMnistSample } from './mnistSample';
export { convertChannels, type ImageShape, resizeImage } from './resize';
export { type Ring2dOptions, ring2d } from './ring2d';
export { type Spiral2dOptions, spiral2d } from './spiral2d';
export { type SwissRoll2dOptions, swissRoll2d } from './swissRoll2d';
export { isToyDistribution, type ToyDistribution } from './toyDistribution';
