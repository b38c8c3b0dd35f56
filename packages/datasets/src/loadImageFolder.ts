import { readRegularFile } from './_files';
import { type ImageEntry, listImageEntries, type SymlinkPolicy } from './_imageEntries';
import { positiveIntegerOption } from './_options';
import { decodePng, type PngLimits } from './_png';
import { DatasetError } from './errors';
import { createImageSet, type ImageSet } from './imageSet';
import { convertChannels, resizeImage } from './resize';

export type { SymlinkPolicy } from './_imageEntries';

/** Default bounds of {@link loadImageFolder}: 8192 pixels a side, 64 MiB decoded or on disk. */
export const IMAGE_FOLDER_LIMITS = Object.freeze({
  maxWidth: 8192,
  maxHeight: 8192,
  maxImageBytes: 2 ** 26,
  maxFileBytes: 2 ** 26,
});

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
  /** Largest image width in pixels (IHDR), checked before decoding; default 8192. */
  maxWidth?: number;
  /** Largest image height in pixels (IHDR), checked before decoding; default 8192. */
  maxHeight?: number;
  /** Largest decoded image, width·height·4 bytes (RGBA), checked before decoding; default 64 MiB. */
  maxImageBytes?: number;
  /** Largest PNG file in bytes, checked before reading; default 64 MiB. */
  maxFileBytes?: number;
  /** Symbolic links to follow: `inside` the folder (default), `any`, or `none`. */
  followSymlinks?: SymlinkPolicy;
  /** Gets one line when symlinks lead outside the folder; default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

function checkShape(opts: ImageFolderOptions): [number, number, 1 | 3] {
  const { size, channels } = opts ?? ({} as ImageFolderOptions);
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
  return [height as number, width as number, channels];
}

function checkPolicy(value: unknown): SymlinkPolicy {
  if (value === undefined) return 'inside';
  if (value === 'inside' || value === 'any' || value === 'none') return value;
  throw new DatasetError(
    'E_INVALID_ARGUMENT',
    `loadImageFolder: followSymlinks must be 'inside', 'any' or 'none', got ${JSON.stringify(value)}`,
    { option: 'followSymlinks', value },
  );
}

function limitsOf(opts: ImageFolderOptions): PngLimits & { maxFileBytes: number } {
  const keys = ['maxWidth', 'maxHeight', 'maxImageBytes', 'maxFileBytes'] as const;
  const out: PngLimits & { maxFileBytes: number } = { ...IMAGE_FOLDER_LIMITS };
  for (const k of keys) out[k] = positiveIntegerOption('loadImageFolder', k, opts[k], out[k]);
  return out;
}

/** Reads and decodes one entry; every failure is a DatasetError naming the file. */
async function decodeEntry(entry: ImageEntry, limits: ReturnType<typeof limitsOf>) {
  if (entry.refused) throw entry.refused;
  try {
    const bytes = await readRegularFile(entry.path, {
      what: 'PNG file',
      maxBytes: limits.maxFileBytes,
      option: 'maxFileBytes',
      ...(entry.same ? { same: entry.same } : {}),
    });
    return decodePng(bytes, entry.path, limits);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    // Anything else (e.g. an allocation the decoder could not make) still names the file.
    throw new DatasetError('E_DECODE', `${entry.path}: ${(error as Error).message}`, {
      file: entry.path,
      cause: error,
    });
  }
}

const reasonOf = (error: DatasetError, path: string) =>
  error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;

/**
 * Loads every `.png` file of a folder (not its subfolders; names sorted, so the order is
 * stable), converted to `channels` and resized to `size` (area average to shrink, bilinear to
 * grow). Nothing in the folder is trusted: FIFOs, devices and other non-regular files are
 * refused without opening them; symlinks are followed only inside the folder unless
 * `followSymlinks` says otherwise (links leading outside are reported once, to `onWarning`);
 * each PNG's chunk layout, width and height (`maxWidth`, `maxHeight`), decoded size
 * (`maxImageBytes`) and file size (`maxFileBytes`) are checked before anything is inflated, and
 * its image data must inflate to exactly the rows its header claims (the inflate stops one byte
 * past). Only then is it decoded with pngjs. An unreadable file throws an error naming it, or,
 * with `strict: false`, is skipped and passed to `onSkip`. Other files are ignored.
 *
 * @example
 * const faces = await loadImageFolder('my-faces', { size: [64, 64], channels: 3, strict: false });
 */
export async function loadImageFolder(dir: string, opts: ImageFolderOptions): Promise<ImageSet> {
  const [h, w, channels] = checkShape(opts);
  const { strict = true, onSkip } = opts;
  const limits = limitsOf(opts);
  const listing = await listImageEntries(dir, checkPolicy(opts.followSymlinks));
  if (listing.warning !== undefined) {
    (opts.onWarning ?? ((m: string) => process.emitWarning(m, 'GantryWarning')))(listing.warning);
  }
  const pixels = h * w * channels;
  const images = new Uint8Array(listing.entries.length * pixels);
  let count = 0;
  for (const entry of listing.entries) {
    let decoded: Awaited<ReturnType<typeof decodePng>>;
    try {
      decoded = await decodeEntry(entry, limits);
    } catch (error) {
      const e = error as DatasetError;
      if (strict) {
        throw new DatasetError(
          e.code,
          `${e.message}; pass strict: false to skip unreadable files`,
          {
            ...e.details,
            cause: e,
          },
        );
      }
      onSkip?.(entry.name, reasonOf(e, entry.path));
      continue;
    }
    const converted = convertChannels(decoded.rgba, 4, channels);
    images.set(
      resizeImage(converted, [decoded.height, decoded.width, channels], [h, w]),
      count * pixels,
    );
    count += 1;
  }
  const skipped = listing.entries.length - count + listing.skippedLinks.length;
  if (count === 0) {
    throw new DatasetError(
      'E_EMPTY',
      `${dir}: no readable .png file${skipped > 0 ? ` (${skipped} skipped)` : ''}`,
      { file: dir },
    );
  }
  return createImageSet({
    name: `image-folder/${dir.split(/[\\/]/).filter(Boolean).pop() ?? dir}`,
    images: count === listing.entries.length ? images : images.slice(0, count * pixels),
    count,
    height: h,
    width: w,
    channels,
  });
}
