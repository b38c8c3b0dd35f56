// `pnpm fuzz` (scripts/run-ts.mjs fuzz/run.ts): runs the fuzz harness with flags and prints one line per
// format; exits 1 when any case failed. Flags: --cases N (default 300 per format), --seed S,
// --format a,b, --first I (rerun from case I), --deadline-ms, --memory-mib (address space of a
// worker), --max-rss-mib, --formats-from DIR,… (more formats folders, e.g. another package's).
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FAILURES, formatFiles, formatReport, runFuzz } from './harness';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    format: { type: 'string' },
    first: { type: 'string', default: '0' },
    'deadline-ms': { type: 'string', default: '10000' },
    'memory-mib': { type: 'string', default: '3072' },
    'max-rss-mib': { type: 'string', default: '512' },
    'formats-from': { type: 'string' },
  },
});
const fuzzDir = dirname(process.argv[1] as string); // this file's folder (see run-ts.mjs)
const more = (values['formats-from'] ?? '')
  .split(',')
  .filter(Boolean)
  .flatMap((d) => formatFiles(resolve(d)));
const started = Date.now();
const reports = await runFuzz({
  fuzzDir,
  formatFiles: [...formatFiles(join(fuzzDir, 'formats')), ...more],
  ...(values.format ? { only: values.format.split(',') } : {}),
  cases: Number(values.cases),
  first: Number(values.first),
  seed: values.seed as string,
  deadlineMs: Number(values['deadline-ms']),
  addressSpaceBytes: Number(values['memory-mib']) * 2 ** 20,
  maxRssBytes: Number(values['max-rss-mib']) * 2 ** 20,
  onReport: (r) => {
    process.stdout.write(`${formatReport(r)}\n`);
    for (const f of r.failures.slice(0, 10)) {
      process.stdout.write(`  case ${f.index}: ${f.outcome}: ${f.detail.slice(0, 1500)}\n`);
    }
  },
});
const failed = reports.reduce((n, r) => n + FAILURES.reduce((m, o) => m + r.counts[o], 0), 0);
process.stdout.write(
  `${failed} failed cases in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${values.seed})\n`,
);
process.exit(failed === 0 ? 0 : 1);
