/** One file of a known dataset. */
export interface KnownFile {
  /** File name in the cache. */
  name: string;
  /** Primary URL. */
  url: string;
  /** SHA-256 of the file as published, lowercase hex. */
  sha256: string;
  /** Size in bytes. */
  bytes?: number;
  /** Other URLs serving the same bytes, tried in order when `url` fails. */
  mirrors?: readonly string[];
}

/** A downloadable dataset: its files, licence and home page. */
export interface KnownSource {
  files: readonly KnownFile[];
  license: string;
  homepage: string;
}

/** Names of the datasets {@link KNOWN_SOURCES} lists. */
export type KnownDatasetName = 'mnist' | 'fashion-mnist' | 'cifar10';

const MNIST_PRIMARY = 'https://ossci-datasets.s3.amazonaws.com/mnist/';
const MNIST_MIRRORS = [
  'https://storage.googleapis.com/cvdf-datasets/mnist/',
  'http://yann.lecun.com/exdb/mnist/',
];
const FASHION_PRIMARY = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
const FASHION_MIRRORS = [
  'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
];

function files(
  primary: string,
  mirrors: readonly string[],
  list: readonly [name: string, bytes: number, sha256: string][],
): KnownFile[] {
  return list.map(([name, bytes, sha256]) => ({
    name,
    url: primary + name,
    sha256,
    bytes,
    mirrors: mirrors.map((m) => m + name),
  }));
}

/**
 * Where the datasets Gantry can download live, with the SHA-256 of each file.
 *
 * Provenance of the checksums:
 * - MNIST: SHA-256 and sizes from TensorFlow Datasets, `tensorflow_datasets/url_checksums/mnist.txt`
 *   (github.com/tensorflow/datasets), for the cvdf-datasets copies. The primary URL is the
 *   ossci-datasets S3 mirror that torchvision uses (`torchvision/datasets/mnist.py`), whose
 *   files have the MD5s of the original yann.lecun.com files (train images
 *   f68b3c2dcbeaaa9fbdd348bbdeb94873, 9,912,422 bytes) and the same sizes: the same bytes.
 * - Fashion-MNIST: SHA-256 from TensorFlow Datasets, `url_checksums/fashion_mnist.txt`, and
 *   checked here: Debian's `dataset-fashion-mnist` ships the same gzip streams with the header
 *   normalised (file name and mtime stripped by strip-nondeterminism); putting back the name
 *   and mtime (2017-08-31) rebuilds files whose MD5 equals the one in Zalando's README
 *   (e.g. t10k-labels bb300cfdad3c16e7a12a480ee83cd310) and whose SHA-256 equals these.
 *   The GitHub copy is the repository the Debian package was built from.
 * - CIFAR-10: SHA-256 and size from TensorFlow Datasets, `url_checksums/cifar10.txt`; the MD5
 *   on the CIFAR page is c32a1d4ab5d03f1284b67883e8d87530.
 */
export const KNOWN_SOURCES: Readonly<Record<KnownDatasetName, KnownSource>> = Object.freeze({
  mnist: {
    license:
      'Copyright Yann LeCun and Corinna Cortes; no licence file ships with the data (it is commonly cited as CC BY-SA 3.0)',
    homepage: 'http://yann.lecun.com/exdb/mnist/',
    files: files(MNIST_PRIMARY, MNIST_MIRRORS, [
      [
        'train-images-idx3-ubyte.gz',
        9912422,
        '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      ],
      [
        'train-labels-idx1-ubyte.gz',
        28881,
        '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
      ],
      [
        't10k-images-idx3-ubyte.gz',
        1648877,
        '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
      ],
      [
        't10k-labels-idx1-ubyte.gz',
        4542,
        'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
      ],
    ]),
  },
  'fashion-mnist': {
    license: 'MIT (Zalando SE)',
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    files: files(FASHION_PRIMARY, FASHION_MIRRORS, [
      [
        'train-images-idx3-ubyte.gz',
        26421880,
        '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
      ],
      [
        'train-labels-idx1-ubyte.gz',
        29515,
        'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
      ],
      [
        't10k-images-idx3-ubyte.gz',
        4422102,
        '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
      ],
      [
        't10k-labels-idx1-ubyte.gz',
        5148,
        '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
      ],
    ]),
  },
  cifar10: {
    license:
      'No licence stated; free to use with citation of Krizhevsky (2009), "Learning Multiple Layers of Features from Tiny Images"',
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    files: [
      {
        name: 'cifar-10-binary.tar.gz',
        url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
        sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
        bytes: 170052171,
      },
    ],
  },
});
