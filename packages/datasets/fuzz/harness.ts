import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bundleForNode } from './bundle';

/** How a case ended. The first two are correct behaviour; every other one is a failure. */
export type Outcome =
  | 'ok' // loaded, and the result was right
  | 'typed' // a GantryError naming the input
  | 'wrong' // loaded, but the result was wrong
  | 'unnamed' // a GantryError that names neither the file nor the folder
  | 'untyped' // any other exception
  | 'abort' // the process died (signal, abort, out of address space)
  | 'hang' // no outcome within the per-case deadline
  | 'runaway' // peak RSS above the bound
  | 'harness'; // the case could not be prepared (a bug of the format file)

export const FAILURES: readonly Outcome[] = [
  'wrong',
  'unnamed',
  'untyped',
  'abort',
  'hang',
  'runaway',
  'harness',
];

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** This folder (`packages/datasets/fuzz`): where `child.ts` and `formats/` are. */
  fuzzDir: string;
  /** Format files; default every `.ts` file in `formats/` of `fuzzDir`. */
  formatFiles?: readonly string[];
  /** Only the formats with these names. */
  only?: readonly string[];
  /** Cases per format. */
  cases: number;
  /** First case index (to rerun one case: `first: i, cases: 1`). */
  first?: number;
  /** Seed of every case: case i of format f uses createRng(`${seed}:${f}:${i}`). */
  seed: string;
  /** Per-case deadline in ms; longer is a hang. */
  deadlineMs: number;
  /** Address-space limit of each worker process (`ulimit -v`), in bytes. */
  addressSpaceBytes: number;
  /** Peak RSS a worker may reach, in bytes. */
  maxRssBytes: number;
  /** Called after every case. */
  onCase?: (format: string, index: number, outcome: Outcome) => void;
  /** Called after every format. */
  onReport?: (report: FormatReport) => void;
}

/** One failed case, enough to rerun it. */
export interface FuzzFailure {
  index: number;
  outcome: Outcome;
  detail: string;
}

/** The result of one format. */
export interface FormatReport {
  format: string;
  cases: number;
  counts: Record<Outcome, number>;
  /** Error codes of the typed errors, with their counts. */
  codes: Record<string, number>;
  failures: FuzzFailure[];
  peakRssKiB: number;
  seconds: number;
}

/** The format files (`*.ts`) of a `formats/` folder, sorted. */
export function formatFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));
}

interface Line {
  start?: number;
  done?: boolean;
  i?: number;
  outcome?: Outcome;
  code?: string;
  message?: string;
  rssKiB?: number;
}

/**
 * Runs cases [from, to) in one worker under `ulimit -v`, recording each outcome; resolves with
 * the index to continue from (`to` when the worker finished, else the case after the one that
 * killed or hung it).
 */
function runWorker(
  paths: { child: string; name: string; format: string; workDir: string },
  range: { from: number; to: number },
  opts: FuzzOptions,
  record: (index: number, outcome: Outcome, line: Line) => void,
): Promise<number> {
  const { name, format, workDir } = paths;
  const job = JSON.stringify({ name, format, seed: opts.seed, ...range, workDir });
  const kib = Math.floor(opts.addressSpaceBytes / 1024);
  const proc = spawn(
    'sh',
    [
      '-c',
      'ulimit -v "$0" && ulimit -c 0 && exec "$@"',
      String(kib),
      process.execPath,
      paths.child,
      job,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: workDir },
  );
  let current: number | undefined;
  let finished = false;
  let hung = false;
  let stderr = '';
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      hung = true;
      proc.kill('SIGKILL');
    }, opts.deadlineMs);
  };
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  proc.stdout.on('data', (d) => {
    buffer += d;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const line = JSON.parse(buffer.slice(0, nl)) as Line;
      buffer = buffer.slice(nl + 1);
      if (line.start !== undefined) {
        current = line.start;
        arm();
      } else if (line.done) {
        finished = true;
      } else if (line.i !== undefined) {
        const over = (line.rssKiB ?? 0) * 1024 > opts.maxRssBytes;
        record(line.i, over ? 'runaway' : (line.outcome as Outcome), line);
        current = undefined;
      }
    }
  });
  return new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (finished) return resolve(range.to);
      if (current === undefined) {
        record(range.from, 'harness', { message: `worker exited (${code ?? signal}): ${stderr}` });
        return resolve(range.to);
      }
      const why = hung
        ? `no outcome within ${opts.deadlineMs} ms`
        : `worker died (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      record(current, hung ? 'hang' : 'abort', { message: why });
      resolve(current + 1);
    });
  });
}

/** Runs one format's cases, restarting the worker after a case that killed or hung it. */
async function runFormat(child: string, format: string, opts: FuzzOptions): Promise<FormatReport> {
  const name = basename(format, '.ts');
  const started = Date.now();
  const counts = Object.fromEntries(['ok', 'typed', ...FAILURES].map((o) => [o, 0])) as Record<
    Outcome,
    number
  >;
  const codes: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let peakRssKiB = 0;
  const workDir = await mkdtemp(join(tmpdir(), `gantry-fuzz-${name}-`));
  const bundled = (await bundleForNode({ [name]: format }))[name] as string;
  const record = (index: number, outcome: Outcome, line: Line) => {
    counts[outcome] += 1;
    if (outcome === 'typed' && line.code) codes[line.code] = (codes[line.code] ?? 0) + 1;
    if (FAILURES.includes(outcome)) failures.push({ index, outcome, detail: line.message ?? '' });
    peakRssKiB = Math.max(peakRssKiB, line.rssKiB ?? 0);
    opts.onCase?.(name, index, outcome);
  };
  const first = opts.first ?? 0;
  try {
    for (let from = first; from < first + opts.cases; ) {
      from = await runWorker(
        { child, name, format: bundled, workDir },
        { from, to: first + opts.cases },
        opts,
        record,
      );
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  return { format: name, cases: opts.cases, counts, codes, failures, peakRssKiB, seconds };
}

/**
 * Fuzzes every format: for each, `cases` seeded mutated inputs, run in worker processes under an
 * address-space limit, each case with a deadline; every outcome is counted (see {@link Outcome})
 * and every failure kept with its index, so `first: index, cases: 1` reruns it.
 */
export async function runFuzz(opts: FuzzOptions): Promise<FormatReport[]> {
  const child = (await bundleForNode({ child: join(opts.fuzzDir, 'child.ts') })).child as string;
  const files = (opts.formatFiles ?? formatFiles(join(opts.fuzzDir, 'formats'))).filter(
    (f) => opts.only === undefined || opts.only.includes(basename(f, '.ts')),
  );
  const reports: FormatReport[] = [];
  for (const file of files) {
    const report = await runFormat(child, file, opts);
    opts.onReport?.(report);
    reports.push(report);
  }
  return reports;
}

/** One line per format: counts of every outcome, the codes seen, peak RSS and time. */
export function formatReport(r: FormatReport): string {
  const failures = FAILURES.map((o) => `${o} ${r.counts[o]}`).join(', ');
  const codes = Object.entries(r.codes)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return `${r.format}: ${r.cases} cases, ${r.counts.ok} loaded correctly, ${r.counts.typed} typed errors naming the input (${codes}); ${failures}; peak RSS ${Math.round(r.peakRssKiB / 1024)} MiB; ${r.seconds.toFixed(1)} s`;
}
