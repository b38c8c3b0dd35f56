import { decodeEvent, type TfEvent } from './event';
import { parseRecords } from './records';

/** What {@link filterEvents} kept of an event file. */
export interface FilteredEvents {
  /** The kept records, byte for byte as they were (framing and CRCs unchanged). */
  bytes: Uint8Array;
  kept: number;
  dropped: number;
  /** True when an incomplete last record (a writer killed mid-write) was dropped too. */
  droppedTruncatedTail: boolean;
}

/**
 * Keeps the records of an event file whose event passes `keep`, e.g. the steps a resumed run
 * keeps (`(e) => e.step <= checkpointStep`); an incomplete last record is dropped. Corrupt
 * records throw as in {@link parseRecords}.
 *
 * @example
 * const { bytes, dropped } = filterEvents(await readFile(path), (e) => e.step <= 200, { file: path });
 */
export function filterEvents(
  bytes: Uint8Array,
  keep: (event: TfEvent) => boolean,
  options: { file?: string } = {},
): FilteredEvents {
  const file = options.file ?? '(bytes)';
  const { records, truncatedAt } = parseRecords(bytes, { file, allowTruncatedTail: true });
  const kept = records.filter((r) => keep(decodeEvent(r.data, `${file} at byte ${r.offset}`)));
  const out = new Uint8Array(kept.reduce((n, r) => n + r.end - r.offset, 0));
  let at = 0;
  for (const r of kept) {
    out.set(bytes.subarray(r.offset, r.end), at);
    at += r.end - r.offset;
  }
  return {
    bytes: out,
    kept: kept.length,
    dropped: records.length - kept.length,
    droppedTruncatedTail: truncatedAt !== undefined,
  };
}
