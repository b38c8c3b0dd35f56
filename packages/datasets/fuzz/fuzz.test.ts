import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAILURES, type FuzzOptions, formatReport, runFuzz } from './harness';

const fuzzDir = fileURLToPath(new URL('.', import.meta.url));
const limits = { addressSpaceBytes: 3 * 2 ** 30, maxRssBytes: 512 * 2 ** 20 };

describe('fuzz harness', () => {
  it('tells every kind of failure from a typed error and a correct success', async () => {
    // The worker restarts after the hang and the abort; the case index keeps counting.
    const [r] = await runFuzz({
      fuzzDir,
      formatFiles: [fileURLToPath(new URL('./selftest/misbehaving.ts', import.meta.url))],
      cases: 8,
      seed: 'self',
      deadlineMs: 5000,
      ...limits,
      maxRssBytes: 128 * 2 ** 20, // the runaway case touches 160 MiB
    });
    expect(r?.counts).toMatchObject({
      ok: 1,
      typed: 1,
      untyped: 1,
      unnamed: 1,
      wrong: 1,
      hang: 1,
      abort: 1,
      runaway: 1,
    });
    expect(r?.failures.map((f) => [f.index, f.outcome])).toEqual([
      [2, 'untyped'],
      [3, 'unnamed'],
      [4, 'wrong'],
      [5, 'hang'],
      [6, 'abort'],
      [7, 'runaway'],
    ]);
    expect(r?.failures[0]?.detail).toMatch(/RangeError: Invalid typed array length/);
  }, 60_000);

  it('finds no abort, hang, untyped error or runaway allocation in the CI-sized run', async () => {
    // 300 seeded cases per format; `pnpm fuzz --cases 10000` runs the big one.
    const opts: FuzzOptions = { fuzzDir, cases: 300, seed: '1', deadlineMs: 20_000, ...limits };
    const reports = await runFuzz(opts);
    expect(reports.map((r) => r.format)).toEqual(['cifar10', 'idx-gzip', 'idx', 'png-folder']);
    for (const r of reports) {
      console.log(formatReport(r));
      expect(r.failures, formatReport(r)).toEqual([]);
      for (const o of FAILURES) expect(r.counts[o]).toBe(0);
      // Both paths are exercised: real successes and typed errors.
      expect(r.counts.ok).toBeGreaterThan(0);
      expect(r.counts.typed).toBeGreaterThan(0);
    }
  }, 600_000);
});
