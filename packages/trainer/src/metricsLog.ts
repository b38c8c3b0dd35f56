import { appendFile, readFile } from 'node:fs/promises';
import { atomicWriteFile } from '@gantry/core/node';
import { writingTo } from './fsErrors';
import type { StepMetrics } from './ganTrainer';
import { formatMetricsLine } from './runRecord';

/** Appends one JSON line per step to a run's metrics log, buffered, with an exact line count. */
export class MetricsLog {
  private buffer: string[] = [];
  private written = 0;

  constructor(readonly path: string) {}

  /** Lines in the log, buffered ones included. */
  get lines(): number {
    return this.written + this.buffer.length;
  }

  /** Queues one step's metrics (rounded to 7 significant digits). */
  append(m: StepMetrics): void {
    this.buffer.push(formatMetricsLine(m));
  }

  /** Writes the queued lines. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    const count = this.buffer.length;
    this.buffer = [];
    await writingTo(this.path, 'appending to the metrics log', () => appendFile(this.path, text));
    this.written += count;
  }

  /**
   * Keeps the first `lines` lines of the file (those covered by the checkpoint being resumed)
   * and drops the rest, atomically; creates an empty log for 0.
   */
  async truncate(lines: number): Promise<void> {
    this.buffer = [];
    const existing = lines === 0 ? '' : await readFile(this.path, 'utf8').catch(() => '');
    const kept = existing
      .split('\n')
      .filter((l) => l.length > 0)
      .slice(0, lines);
    await atomicWriteFile(this.path, kept.length ? `${kept.join('\n')}\n` : '');
    this.written = kept.length;
  }
}
