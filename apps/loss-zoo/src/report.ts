import type { EvalReport } from '@gantry/eval/node';
import {
  colorAt,
  escapeHtml,
  htmlPage,
  htmlTable,
  lineChartSvg,
  metricSeries,
  pngDataUri,
  raw,
} from '@gantry/report';

/** What one objective produced. */
export interface ExperimentResult {
  id: string;
  title: string;
  runDir: string;
  /** `completed`, or why it stopped (a diverged loss names the step). */
  outcome: string;
  steps: number;
  seconds: number;
  /** Median step time in ms. */
  msPerStep: number;
  /** One entry per logged step. */
  curve: { step: number; lossD: number; lossG: number; dReal: number; dFake: number }[];
  /** The final sample grid, PNG bytes as base64. */
  samplePngBase64?: string;
  evaluation?: EvalReport;
}

/** Everything the report shows. */
export interface ZooResult {
  data: string;
  steps?: number;
  epochs?: number;
  batchSize: number;
  seed: number;
  nEval: number;
  backend: string;
  /** Objectives trained at once (each in its own process when > 1). */
  parallel?: number;
  startedAt: string;
  seconds: number;
  experiments: ExperimentResult[];
  /** The same metrics on real images (the row to read the others by). */
  reference?: EvalReport;
}

const fmt = (v: number | undefined, digits: number) =>
  v === undefined ? '–' : Number.isFinite(v) ? v.toFixed(digits) : String(v);

/** The metric cells of one row: FID, classes hit, coverage entropy, score, Parzen. */
function metricCells(e: EvalReport | undefined): string[] {
  const cov = e?.score?.coverage;
  return [
    fmt(e?.fid?.value, 2),
    cov ? `${cov.classesHit}/${cov.numClasses}` : '–',
    cov ? fmt(cov.entropy, 3) : '–',
    fmt(e?.score?.inceptionScore.mean, 2),
    e?.parzen ? `${fmt(e.parzen.mean, 1)} ± ${fmt(e.parzen.stderr, 1)}` : '–',
  ];
}

/** The comparison table: one row per objective, then the real-data row. */
function metricsTable(r: ZooResult): string {
  const head = [
    'objective',
    'outcome',
    'Fréchet distance ↓',
    'classes hit',
    'class entropy (nats) ↑',
    'Inception-style score ↑',
    'Parzen log-lik. ↑',
    'ms/step',
    'time (s)',
  ];
  const rows = r.experiments.map((x) => [
    raw(`<a href="#${escapeHtml(x.id)}">${escapeHtml(x.title)}</a>`),
    x.outcome,
    ...metricCells(x.evaluation),
    fmt(x.msPerStep, 0),
    fmt(x.seconds, 1),
  ]);
  if (r.reference) {
    rows.push([
      raw(`<em>real ${escapeHtml(r.data)} images</em>`),
      'reference',
      ...metricCells(r.reference),
      '',
      '',
    ]);
  }
  return htmlTable(head, rows);
}

/** One objective: its sample grid, loss curves and D(x)/D(G(z)) curves. */
function section(x: ExperimentResult): string {
  const losses = lineChartSvg(
    [
      metricSeries(x.curve, 'loss D', colorAt(0), (p) => p.lossD),
      metricSeries(x.curve, 'loss G', colorAt(1), (p) => p.lossG),
    ],
    { title: `${x.title}: losses`, xLabel: 'step' },
  );
  const ds = lineChartSvg(
    [
      metricSeries(x.curve, 'D(x)', colorAt(2), (p) => p.dReal),
      metricSeries(x.curve, 'D(G(z))', colorAt(3), (p) => p.dFake),
    ],
    { title: `${x.title}: mean D outputs`, xLabel: 'step' },
  );
  const img = x.samplePngBase64
    ? `<img alt="samples of ${escapeHtml(x.id)}" src="${pngDataUri(x.samplePngBase64)}" width="232">`
    : '<p>(no samples)</p>';
  return `<section id="${escapeHtml(x.id)}"><h2>${escapeHtml(x.title)}</h2>
<p>${escapeHtml(x.outcome)}: ${x.steps} steps in ${fmt(x.seconds, 1)} s; run folder <code>${escapeHtml(x.runDir)}</code></p>
<div class="row">${img}${losses}${ds}</div></section>`;
}

/**
 * The loss comparison as one self-contained HTML page (built on `@gantry/report`'s page, table
 * and chart code): the setting, a metrics table (with the real-data row), and per objective its
 * sample grid, loss curves and D(x)/D(G(z)) curves.
 *
 * @example
 * await writeFile('report.html', renderReport(result));
 */
export function renderReport(r: ZooResult): string {
  const budget =
    r.epochs !== undefined ? `${r.epochs} epochs` : `${r.steps ?? '?'} steps per objective`;
  const refNote = r.reference?.splits
    ? `<p class="note">Real images scored against: ${escapeHtml(r.reference.splits.description)}.</p>`
    : '';
  const body = `<h1>Loss zoo: six GAN objectives, one DCGAN</h1>
<p>Data <b>${escapeHtml(r.data)}</b>, DCGAN (z ∈ ℝ¹⁰⁰, lr 1e-4, k = 1, 5 for the two WGANs), batch ${r.batchSize}, ${escapeHtml(budget)}, seed ${r.seed}; metrics on ${r.nEval} samples.
Backend <b>${escapeHtml(r.backend)}</b>${(r.parallel ?? 1) > 1 ? `, ${r.parallel} objectives at once (each in its own process)` : ''}; started ${escapeHtml(r.startedAt)}, total ${fmt(r.seconds, 1)} s.</p>
${metricsTable(r)}
<p class="note">Fréchet distance and class coverage use the features and predictions of the classifier shipped in @gantry/eval (not Inception-v3: compare rows, not papers). Parzen: Goodfellow et al.'s protocol, nats.</p>
${refNote}
${r.experiments.map(section).join('\n')}`;
  return htmlPage({ title: `Gantry loss zoo: ${r.data}`, body });
}
