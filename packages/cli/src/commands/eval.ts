import { resolve } from 'node:path';
import { datasetNames } from '@gantry/datasets';
import type { TheoryDiagnostics } from '@gantry/eval';
import {
  type EvalProgress,
  type EvalReport,
  evaluateReal,
  evaluateRun,
  METRIC_NAMES,
  type MetricName,
  writeEvalReport,
} from '@gantry/eval/node';
import { RUN_FILES } from '@gantry/trainer';
import { checkOutputFolder, writeEvalEvents, writeOutputFile } from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { SingleBar } from 'cli-progress';
import { chooseBackend } from '../backend';
import { UsageError } from '../errors';
import { evalScalars } from '../evalScalars';
import {
  BACKEND_FLAG,
  boundedFlag,
  checkFlags,
  RUN_FLAG,
  SEED_RANGE,
  THREADS_FLAG,
  THREADS_RANGE,
} from '../flags';
import { type CliContext, type CliIO, formatInt } from '../io';

const args = {
  run: RUN_FLAG,
  metric: {
    type: 'string',
    description: `${METRIC_NAMES.join('|')}|all, or a comma-separated list (default all: every metric that applies)`,
    valueHint: 'NAMES',
  },
  n: {
    type: 'string',
    description:
      'samples to score (default 2500 for the 2-D mixtures, as PacGAN and VEEGAN; else 10000; at most 100000)',
    valueHint: 'N',
  },
  against: {
    type: 'string',
    description: 'real: score real images of --data instead of a generator (the reference row)',
    valueHint: 'real',
  },
  data: {
    type: 'string',
    description: `data set of --against real: ${datasetNames((d) => d.reference || d.kind === 'toy').join(', ')}`,
    valueHint: 'NAME',
  },
  'data-dir': {
    type: 'string',
    description: "folder of the data set's standard files",
    valueHint: 'DIR',
  },
  seed: {
    type: 'string',
    description: 'seed of the noise and the subsets (default 0)',
    valueHint: 'N',
  },
  out: {
    type: 'string',
    description: `JSON file to write (default <run>/${RUN_FILES.evalReport}; none for --against real)`,
    valueHint: 'FILE',
  },
  json: { type: 'boolean', description: 'print the report as JSON on stdout instead of a table' },
  backend: BACKEND_FLAG,
  threads: THREADS_FLAG,
} as const;

/** Parses `--metric`: `all`, one name or a comma-separated list. */
export function parseMetrics(value: string | undefined): MetricName[] | 'all' {
  if (value === undefined || value === 'all') return 'all';
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(METRIC_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(
        'E_USAGE',
        `unknown metric "${name}"; known: ${METRIC_NAMES.join(', ')}, all`,
      );
    }
  }
  return names as MetricName[];
}

const f = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** The D diagnostics as rows: what they are, and what they are worth for this D. */
function diagnosticsRows(d: TheoryDiagnostics): [string, string][] {
  const eps = d.labelSmoothing;
  const half = eps > 0 ? `(1 − ε)/2 = ${f((1 - eps) / 2, 4)}` : '0.5';
  const atEquilibrium =
    eps > 0 ? `log(1 − ε²) − log 4 = ${f(d.valueAtEquilibrium, 4)}` : '−log 4 = −1.3863';
  const rows: [string, string][] = [
    [
      'mean D(x) / D(G(z))',
      `${f(d.meanDReal, 4)} / ${f(d.meanDFake, 4)} (both → ${half} at p_g = p_data)`,
    ],
    ['V(D, G)', `${f(d.value, 4)} nats (→ ${atEquilibrium} at p_g = p_data)`],
    [
      'JSD lower bound (V + log 4)/2',
      `${f(d.jsdEstimate, 4)} nats (≤ JSD for any D; equal only for the optimal D*)`,
    ],
  ];
  const o = d.optimalD;
  if (o) {
    const verdict = o.far
      ? 'FAR from D*: the rows above say little about p_g'
      : 'near D*: the bound reads p_g';
    rows.push([
      'D vs D* (KDE of p_g)',
      `${verdict} (D* gives ${f(o.jsdAtOptimum, 4)} nats, D leaves ${f(o.slack, 4)}; mean |D − D*| ${f(o.meanAbsGap, 3)})`,
    ]);
  }
  return rows;
}

/** The report as rows of (metric, value) for the table. */
export function reportRows(r: EvalReport): [string, string][] {
  const rows: [string, string][] = [];
  if (r.parzen) {
    const p = r.parzen;
    rows.push([
      'Parzen log-likelihood',
      `${f(p.mean, 1)} ± ${f(p.stderr, 1)} nats (σ ${f(p.sigma, 3)}, ${formatInt(p.kernels)} kernels, ${formatInt(p.n)} test images)`,
    ]);
  }
  if (r.fid) {
    rows.push([
      'Fréchet distance',
      `${f(r.fid.value, 3)} (${r.fid.classifier} classifier features, ${formatInt(r.fid.n)} vs ${formatInt(r.fid.reference)} test images)`,
    ]);
  }
  if (r.kid) {
    rows.push([
      'KID',
      `${f(r.kid.mean, 5)} ± ${f(r.kid.std, 5)} (${r.kid.subsets} subsets of ${r.kid.subsetSize})`,
    ]);
  }
  if (r.score) {
    const s = r.score;
    rows.push([
      'Inception-style score',
      `${f(s.inceptionScore.mean, 3)} ± ${f(s.inceptionScore.std, 3)} (of at most ${s.classNames.length})`,
    ]);
    rows.push([
      'Class coverage',
      `${s.coverage.classesHit}/${s.coverage.numClasses} classes, histogram entropy ${f(s.coverage.entropy, 3)} of ${f(Math.log(s.coverage.numClasses), 3)} nats`,
    ]);
  }
  if (r.modes) {
    const m = r.modes;
    rows.push([
      'Modes captured (PacGAN)',
      `${m.modesPacGan}/${m.numModes} (nearest mode of ≥ 1 sample within 3σ)`,
    ]);
    rows.push([
      'Modes captured (VEEGAN)',
      `${m.modesVeegan}/${m.numModes} (≥ 1 sample within 3σ of the mode)`,
    ]);
    rows.push([
      'Modes, strict (Gantry)',
      `${m.modesStrict}/${m.numModes} (≥ ${m.minCount} samples within 3σ each)`,
    ]);
    rows.push([
      'High-quality samples',
      `${f(100 * m.highQualityFraction, 1)}% (within 3σ of a mode)`,
    ]);
    rows.push(['Reverse KL to uniform', `${f(m.reverseKl, 4)} nats`]);
  }
  if (r.jsd) {
    rows.push([
      'JSD(p_data, KDE of p_g)',
      `${f(r.jsd.jsd, 4)} ± ${f(r.jsd.stderr, 4)} nats (of at most log 2 = 0.6931; bandwidth ${f(r.jsd.bandwidth, 4)})`,
    ]);
  }
  if (r.diagnostics) rows.push(...diagnosticsRows(r.diagnostics));
  return rows;
}

/** The report as a plain text table, with the skipped metrics listed below it. */
export function formatReport(r: EvalReport): string {
  const subject =
    r.subject === 'real'
      ? `real ${r.data} data (reference row)`
      : `${r.run} (${r.data}, loss ${r.loss})`;
  const lines = [
    `gantry eval: ${subject}: ${formatInt(r.n)} samples, seed ${r.seed}, backend ${r.backend}, ${f(r.seconds, 1)} s`,
  ];
  const rows = reportRows(r);
  const width = Math.max(6, ...rows.map(([k]) => k.length));
  lines.push(`${'metric'.padEnd(width)}  value`);
  for (const [k, v] of rows) lines.push(`${k.padEnd(width)}  ${v}`);
  if (rows.length === 0) lines.push('(no metric applies)');
  for (const [m, why] of Object.entries(r.skipped)) lines.push(`skipped ${m}: ${why}`);
  if (r.splits) lines.push(`real images: ${r.splits.description}`);
  if (r.splits?.protocol) lines.push(`Parzen protocol (Goodfellow et al.): ${r.splits.protocol}`);
  return `${lines.join('\n')}\n`;
}

/** Shows evaluation progress: a bar per stage on a terminal, one line per stage otherwise. */
function progressReporter(io: CliIO): { onProgress: (p: EvalProgress) => void; close: () => void } {
  let bar: SingleBar | undefined;
  let stage = '';
  const close = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    close,
    onProgress: (p) => {
      if (p.stage !== stage) {
        close();
        stage = p.stage;
        if (io.isTTY) {
          bar = new SingleBar({
            format: `${p.stage} {bar} {value}/{total} | ETA {eta_formatted}`,
            stream: io.progressStream,
            hideCursor: true,
            fps: 5,
          });
          bar.start(p.total, p.done);
        } else {
          io.stderr(`${p.stage}: ${formatInt(p.total)} to do\n`);
        }
      }
      bar?.update(p.done);
    },
  };
}

/** `gantry eval`. */
export function evalCommand({ io }: CliContext) {
  return defineCommand({
    meta: {
      name: 'eval',
      description:
        "Score a run's generator (Parzen log-likelihood, Fréchet distance, KID, Inception-style score, class coverage, mode metrics, JSD, D diagnostics)",
    },
    args,
    async run({ args: a, rawArgs }) {
      checkFlags('gantry eval', rawArgs, args);
      const metrics = parseMetrics(a.metric);
      const n = boundedFlag('n', a.n, { min: 2, max: 100_000, integer: true });
      const seed = boundedFlag('seed', a.seed, SEED_RANGE) ?? 0;
      const threads = boundedFlag('threads', a.threads, THREADS_RANGE);
      const against = a.against ?? 'generator';
      if (against !== 'generator' && against !== 'real')
        throw new UsageError('E_USAGE', `--against must be real (or left out), got "${against}"`);
      if (against === 'real' && typeof a.data !== 'string')
        throw new UsageError('E_USAGE', 'gantry eval --against real needs --data NAME');
      if (against === 'generator' && typeof a.run !== 'string')
        throw new UsageError(
          'E_USAGE',
          'gantry eval needs --run DIR (a folder written by gantry train), or --data NAME --against real',
        );
      if (against === 'real' && a.run !== undefined)
        throw new UsageError('E_USAGE', '--run and --against real exclude each other');
      // A folder that cannot take --out fails now, not after the samples are scored.
      if (a.out) await checkOutputFolder(resolve(a.out), 'out');
      await chooseBackend((a.backend as 'auto' | undefined) ?? 'auto', [], threads);
      const progress = progressReporter(io);
      const options = {
        metrics,
        ...(n !== undefined ? { n } : {}),
        seed,
        ...(a['data-dir'] ? { dataDir: a['data-dir'] } : {}),
        onProgress: progress.onProgress,
      };
      let report: EvalReport;
      try {
        report =
          against === 'real'
            ? await evaluateReal(a.data as string, options)
            : await evaluateRun(a.run as string, options);
      } finally {
        progress.close();
      }
      let written: string | undefined;
      if (a.out) {
        written = resolve(a.out);
        await writeOutputFile(written, `${JSON.stringify(report, null, 2)}\n`, {
          doing: 'writing the evaluation report',
          option: 'out',
        });
      } else if (report.run) {
        written = await writeEvalReport(report.run, report);
      }
      const events = report.run
        ? await writeEvalEvents(report.run, evalScalars(report))
        : undefined;
      if (a.json) io.stdout(`${JSON.stringify(report)}\n`);
      else io.stdout(formatReport(report));
      if (written) io.stderr(`wrote ${written}\n`);
      if (events) io.stderr(`tensorboard: ${events}\n`);
    },
  });
}
