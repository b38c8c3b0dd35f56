import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAILURES, formatFiles, formatReport, runFuzz } from '../../datasets/fuzz/harness';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('fuzz: configs and flags', () => {
  it('finds no hang, abort, untyped or unnamed error, wrong success or runaway in the CI-sized run', async () => {
    // 200 seeded cases per format; `pnpm --filter @gantry/cli fuzz --cases 10000` runs the big one.
    const reports = await runFuzz({
      fuzzDir: here('../../datasets/fuzz/'),
      formatFiles: formatFiles(here('./formats')),
      cases: 200,
      seed: '1',
      deadlineMs: 20_000,
      addressSpaceBytes: 3 * 2 ** 30,
      maxRssBytes: 512 * 2 ** 20,
    });
    expect(reports.map((r) => r.format)).toEqual(['config-json', 'config-yaml', 'train-flags']);
    for (const r of reports) {
      console.log(formatReport(r));
      expect(r.failures, formatReport(r)).toEqual([]);
      for (const o of FAILURES) expect(r.counts[o]).toBe(0);
      // Both paths are exercised: accepted configs checked against the file, and typed errors.
      expect(r.counts.ok).toBeGreaterThan(10);
      expect(r.counts.typed).toBeGreaterThan(10);
    }
  }, 600_000);
});
