import { atomicWriteFile } from '@gantry/core/node';
import { PNG } from 'pngjs';
import type { RgbaImage } from './images';

/** Encodes an RGBA image as PNG bytes (pngjs). */
export function encodePng(image: RgbaImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png);
}

/** Writes an RGBA image to `path` as PNG, atomically. */
export async function writePng(path: string, image: RgbaImage): Promise<void> {
  await atomicWriteFile(path, encodePng(image));
}
