export { isGzip } from './_files';
export { CACHE_ENV, cacheDir, downloadedDataDir, downloadedDir } from './cache';
export {
  type DownloadOptions,
  download,
  MIRROR_ENV,
  mirrorUrl,
  sha256File,
} from './download';
export { type DownloadDatasetOptions, downloadDataset } from './downloadDataset';
export {
  KNOWN_SOURCES,
  type KnownDatasetName,
  type KnownFile,
  type KnownSource,
} from './knownSources';
export { CIFAR10_FILES, CIFAR10_FOLDER, CIFAR10_MAX_FILE_BYTES, loadCifar10 } from './loadCifar10';
export { type LoadDatasetOptions, type LoadedDataset, loadDataset } from './loadDataset';
export { type ImageFolderOptions, loadImageFolder } from './loadImageFolder';
export { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist, loadMnist } from './loadMnist';
export { IDX_READ_MAX_BYTES, type ReadIdxOptions, readIdxFile } from './readIdxFile';
