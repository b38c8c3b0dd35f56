import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TensorboardError } from './errors';
import { encodeEvent, FILE_VERSION, SESSION_STATUS, type TfEvent } from './event';
import { frameRecord } from './records';
import { eventFileName, pngImageValue, scalarValues } from './summaries';

/** Options of {@link EventFileWriter.create}. */
export interface EventFileWriterOptions {
  /** Appended to the file name, e.g. `.eval`. */
  suffix?: string;
  /** `source_metadata.writer` of the first event (default `gantry`). */
  writer?: string;
  /** The clock, in seconds since the Unix epoch (default `Date.now() / 1000`). */
  now?: () => number;
}

/** Files opened by this process so far: the `<n>` of the file name, as TensorFlow's global uid. */
let filesOpened = 0;

const fsError = (path: string, what: string, error: unknown) =>
  new TensorboardError(
    'E_FILE_SYSTEM',
    `${path}: cannot ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    { file: path },
    error,
  );

/**
 * Writes one TensorBoard event file (Node): a new file `events.out.tfevents.<time>.<host>.<pid>.<n>`
 * in a folder, opened exclusively (never appending to an existing file), starting with the
 * `file_version` event TensorBoard requires. Events are buffered; {@link flush} appends them,
 * {@link close} flushes and fsyncs.
 *
 * @example
 * const w = await EventFileWriter.create('runs/demo');
 * w.scalars(1, { 'loss/D': 1.38, 'loss/G': 0.69 });
 * await w.close(); // view with: tensorboard --logdir runs/demo
 */
export class EventFileWriter {
  private pending: Uint8Array[] = [];
  private closed = false;

  private constructor(
    /** Absolute or relative path of the file, as given by the folder. */
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly now: () => number,
  ) {}

  /** Creates the folder if needed and a new event file in it (flushed, with its first event). */
  static async create(dir: string, options: EventFileWriterOptions = {}): Promise<EventFileWriter> {
    const now = options.now ?? (() => Date.now() / 1000);
    const time = now();
    const name = eventFileName({
      time,
      host: hostname(),
      pid: process.pid,
      n: filesOpened++,
      ...(options.suffix !== undefined ? { suffix: options.suffix } : {}),
    });
    const path = join(dir, name);
    let handle: FileHandle;
    try {
      await mkdir(dir, { recursive: true });
      handle = await open(path, 'ax');
    } catch (error) {
      throw fsError(path, 'create the event file', error);
    }
    const writer = new EventFileWriter(path, handle, now);
    writer.add({
      wallTime: time,
      step: 0,
      fileVersion: FILE_VERSION,
      writer: options.writer ?? 'gantry',
    });
    await writer.flush();
    return writer;
  }

  /** Queues one event (see {@link flush}). */
  add(event: TfEvent): void {
    if (this.closed) {
      throw new TensorboardError('E_FILE_SYSTEM', `${this.path}: the writer is closed`, {
        file: this.path,
      });
    }
    this.pending.push(frameRecord(encodeEvent(event)));
  }

  /** Queues scalars of one step, one event with a value per tag (float32 `simple_value`). */
  scalars(step: number, scalars: Readonly<Record<string, number>>, wallTime = this.now()): void {
    this.add({ wallTime, step, summary: scalarValues(scalars) });
  }

  /** Queues a PNG image of one step under `tag` (size and colorspace read from the PNG). */
  image(step: number, tag: string, png: Uint8Array, wallTime = this.now()): void {
    this.add({ wallTime, step, summary: [pngImageValue(tag, png)] });
  }

  /**
   * Queues a `SessionLog` START at `step`: TensorBoard (its `EventAccumulator`, with
   * `purge_orphaned_data`, the default) then drops the events of earlier files at `step` and
   * later — the way TensorFlow marks a run restarted from a checkpoint. The first START it sees
   * only marks the beginning.
   */
  sessionStart(step: number, wallTime = this.now()): void {
    this.add({ wallTime, step, sessionLog: { status: SESSION_STATUS.start } });
  }

  /** Bytes queued and not yet written. */
  get pendingBytes(): number {
    return this.pending.reduce((n, b) => n + b.length, 0);
  }

  /** Appends the queued events to the file. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    try {
      let written = 0;
      while (written < chunk.length) {
        const { bytesWritten } = await this.handle.write(chunk, written, chunk.length - written);
        written += bytesWritten;
      }
    } catch (error) {
      throw fsError(this.path, 'append to the event file', error);
    }
  }

  /** Flushes, fsyncs and closes the file; later calls do nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      await this.handle.sync().catch((error) => {
        throw fsError(this.path, 'fsync the event file', error);
      });
    } finally {
      this.closed = true;
      await this.handle.close().catch(() => {});
    }
  }
}
