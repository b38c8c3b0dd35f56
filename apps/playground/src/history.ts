/** One row of measurements, taken at generator step `step`; missing values are `null`. */
export interface HistoryRow {
  step: number;
  values: Readonly<Record<string, number | null>>;
}

/**
 * The measurements behind the charts, bounded: when more than `capacity` rows are held, every
 * second older row is dropped (the first and newest are kept), so a long run keeps its whole
 * span at a coarser resolution and memory stays flat.
 *
 * @example
 * const h = new MetricHistory(100);
 * h.push(10, { jsd: 0.4 });
 * h.series('jsd'); // [[10, 0.4]]
 */
export class MetricHistory {
  private list: HistoryRow[] = [];

  constructor(readonly capacity = 600) {
    if (!(Number.isInteger(capacity) && capacity >= 4)) {
      throw new RangeError(`MetricHistory: capacity must be an integer >= 4, got ${capacity}`);
    }
  }

  get rows(): readonly HistoryRow[] {
    return this.list;
  }

  get length(): number {
    return this.list.length;
  }

  /** Adds a row; a row for the same step as the newest replaces it. */
  push(step: number, values: Record<string, number | null>): void {
    const newest = this.list.at(-1);
    if (newest && newest.step === step) this.list[this.list.length - 1] = { step, values };
    else this.list.push({ step, values });
    if (this.list.length > this.capacity) {
      const last = this.list.length - 1;
      this.list = this.list.filter((_, i) => i % 2 === 0 || i === last);
    }
  }

  /** The finite values of one key as [step, value] pairs, oldest first. */
  series(key: string): [number, number][] {
    const out: [number, number][] = [];
    for (const row of this.list) {
      const v = row.values[key];
      if (typeof v === 'number' && Number.isFinite(v)) out.push([row.step, v]);
    }
    return out;
  }

  clear(): void {
    this.list = [];
  }
}
