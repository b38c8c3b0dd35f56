import { TensorboardError } from './errors';
import type { SummaryValue } from './event';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG colour type (IHDR byte 25) → TensorBoard's `Image.colorspace`. */
const COLORSPACE: Record<number, number> = { 0: 1, 4: 2, 2: 3, 6: 4 };

/**
 * Scalars as summary values, one per tag (TensorBoard's `simple_value`, a float32: values are
 * rounded to the nearest float32).
 *
 * @example
 * scalarValues({ 'loss/D': 1.38, 'loss/G': 0.69 }); // [{ tag: 'loss/D', simpleValue: 1.38 }, …]
 */
export function scalarValues(scalars: Readonly<Record<string, number>>): SummaryValue[] {
  return Object.entries(scalars).map(([tag, simpleValue]) => ({ tag, simpleValue }));
}

/**
 * A PNG as an image summary value: width, height and colorspace read from its IHDR chunk. Bytes
 * that are not a PNG (with its 8-byte signature and an IHDR of a grey, grey + alpha, RGB or RGBA
 * image) are a `TensorboardError` `E_BAD_VALUE`.
 *
 * @example
 * pngImageValue('samples', await readFile('samples/step-000200.png'));
 */
export function pngImageValue(tag: string, png: Uint8Array): SummaryValue {
  const bad = (why: string) =>
    new TensorboardError('E_BAD_VALUE', `image "${tag}": ${why}`, { option: tag });
  if (png.length < 33 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) {
    throw bad('not a PNG (no PNG signature)');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunk = String.fromCharCode(...png.subarray(12, 16));
  if (chunk !== 'IHDR') throw bad(`the first chunk is "${chunk}", not IHDR`);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const colorspace = COLORSPACE[png[25] as number];
  if (colorspace === undefined) throw bad(`PNG colour type ${png[25]} (palette) is not supported`);
  return { tag, image: { width, height, colorspace, encoded: png } };
}

/** Every event file name starts with this (TensorBoard looks for "tfevents" in a name). */
export const EVENT_FILE_PREFIX = 'events.out.tfevents.';

/**
 * The name TensorFlow's writers give an event file, `events.out.tfevents.<seconds, 10
 * digits>.<host>.<pid>.<n><suffix>` (TensorBoard's tensorboard/summary/writer/event_file_writer.py):
 * names sort by creation time, which is the order TensorBoard reads a folder's files in.
 *
 * @example
 * eventFileName({ time: 1700000000, host: 'box', pid: 42, n: 0 }); // 'events.out.tfevents.1700000000.box.42.0'
 */
export function eventFileName(parts: {
  time: number;
  host: string;
  pid: number;
  n: number;
  suffix?: string;
}): string {
  const seconds = String(Math.floor(parts.time)).padStart(10, '0');
  return `${EVENT_FILE_PREFIX}${seconds}.${parts.host}.${parts.pid}.${parts.n}${parts.suffix ?? ''}`;
}

/**
 * True for the name of an event file as writers name them (starting with
 * {@link EVENT_FILE_PREFIX}); TensorBoard itself takes any name with "tfevents" in it, which
 * would include the hidden temporary files of an atomic rewrite.
 */
export function isEventFileName(name: string): boolean {
  return name.startsWith(EVENT_FILE_PREFIX);
}
