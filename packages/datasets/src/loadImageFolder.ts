import { join } from 'node:path';
import pngjs from 'pngjs';
import { listDir, readFileChecked } from './_files';
import { DatasetError } from './errors';
import { createImageSet, type ImageSet } from './imageSet';
import { convertChannels, resizeImage } from './resize';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /** Output [height, width]; every image is resized to it. */
  size: readonly [number, number];
  /** 1 (gray, BT.601 luma) or 3 (RGB); alpha is composited over black. */
  channels: 1 | 3;
  /** Default true: an unreadable file stops the load. false: it is skipped and reported. */
  strict?: boolean;
  /** Called for each skipped file in a lenient load, with its name and the reason. */
  onSkip?: (file: string, reason: string) => void;
}

/**
 * Loads every `.png` file of a folder (not its subfolders; names sorted, so the order is
 * stable), decoded with pngjs (any bit depth, palette, gray or colour, with or without alpha),
 * converted to `channels` and resized to `size` (area average to shrink, bilinear to grow).
 * An unreadable file throws an error naming it, or, with `strict: false`, is skipped and passed
 * to `onSkip`. Other files are ignored.
 *
 * @example
 * const faces = await loadImageFolder('my-faces', { size: [64, 64], channels: 3, strict: false });
 */
export async function loadImageFolder(dir: string, opts: ImageFolderOptions): Promise<ImageSet> {
  const { size, channels, strict = true, onSkip } = opts ?? ({} as ImageFolderOptions);
  const [height, width] = Array.isArray(size) ? size : [];
  if (
    !Number.isInteger(height) ||
    !Number.isInteger(width) ||
    (height as number) < 1 ||
    (width as number) < 1
  ) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `loadImageFolder: size must be [height, width] of positive integers, got ${JSON.stringify(size)}`,
      { option: 'size' },
    );
  }
  if (channels !== 1 && channels !== 3) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `loadImageFolder: channels must be 1 or 3, got ${String(channels)}`,
      { option: 'channels' },
    );
  }
  const h = height as number;
  const w = width as number;
  const files = (await listDir(dir, 'loadImageFolder'))
    .filter((f) => /\.png$/i.test(f) && !f.startsWith('.'))
    .sort();
  const pixels = h * w * channels;
  const images = new Uint8Array(files.length * pixels);
  let count = 0;
  for (const file of files) {
    const path = join(dir, file);
    let decoded: { width: number; height: number; data: Uint8Array };
    try {
      decoded = pngjs.PNG.sync.read(Buffer.from(await readFileChecked(path)));
    } catch (error) {
      const reason = `not a readable PNG (${(error as Error).message})`;
      if (strict) {
        throw new DatasetError(
          'E_DECODE',
          `${path}: ${reason}; pass strict: false to skip unreadable files`,
          { file: path, cause: error },
        );
      }
      onSkip?.(file, reason);
      continue;
    }
    const converted = convertChannels(
      new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength),
      4,
      channels,
    );
    images.set(
      resizeImage(converted, [decoded.height, decoded.width, channels], [h, w]),
      count * pixels,
    );
    count += 1;
  }
  if (count === 0) {
    throw new DatasetError(
      'E_EMPTY',
      `${dir}: no readable .png file${files.length > 0 ? ` (${files.length} skipped)` : ''}`,
      { file: dir },
    );
  }
  return createImageSet({
    name: `image-folder/${dir.split(/[\\/]/).filter(Boolean).pop() ?? dir}`,
    images: count === files.length ? images : images.slice(0, count * pixels),
    count,
    height: h,
    width: w,
    channels,
  });
}
