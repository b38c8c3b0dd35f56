import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TensorboardError } from './errors';
import { decodeEvent, FILE_VERSION, type TfEvent } from './event';
import { parseRecords } from './records';
import { isEventFileName } from './summaries';

/** An event read back, with the byte offset of its record. */
export interface ReadEvent extends TfEvent {
  offset: number;
}

/** One event file read back by {@link readEventFile}. */
export interface EventFileContents {
  file: string;
  events: ReadEvent[];
  /** With `allowTruncatedTail`: where an incomplete last record starts. */
  truncatedAt?: number;
}

/**
 * Reads an event file, checking what TensorBoard relies on: the framing and both masked CRC32Cs
 * of every record, a valid `Event` in each, and `brain.Event:2` as the first. Errors are
 * `TensorboardError`s naming the file and byte offset.
 *
 * @example
 * const { events } = await readEventFile('runs/demo/events.out.tfevents.1700000000.box.42.0');
 */
export async function readEventFile(
  file: string,
  options: { allowTruncatedTail?: boolean } = {},
): Promise<EventFileContents> {
  const bytes = await readFile(file).catch((error) => {
    throw new TensorboardError(
      'E_FILE_SYSTEM',
      `${file}: cannot read it (${error.code ?? error.message})`,
      { file },
      error,
    );
  });
  const { records, truncatedAt } = parseRecords(bytes, { file, ...options });
  const events = records.map((r) => ({
    ...decodeEvent(r.data, `${file} at byte ${r.offset}`),
    offset: r.offset,
  }));
  if (events.length > 0 && events[0]?.fileVersion !== FILE_VERSION) {
    throw new TensorboardError(
      'E_BAD_EVENT',
      `${file}: the first event is not file_version "${FILE_VERSION}" (TensorBoard would skip the file)`,
      { file, offset: 0 },
    );
  }
  return { file, events, ...(truncatedAt !== undefined ? { truncatedAt } : {}) };
}

/**
 * The event files directly in `dir`, in the order TensorBoard reads them (by name, which starts
 * with the creation time); none when the folder does not exist.
 *
 * @example
 * await listEventFiles('runs/demo'); // ['runs/demo/events.out.tfevents.1700000000.box.42.0']
 */
export async function listEventFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && isEventFileName(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}
