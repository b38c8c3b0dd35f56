import type { EvalReport } from '@gantry/eval/node';
import { downsample, lineChartSvg } from './svgChart';

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
  startedAt: string;
  seconds: number;
  experiments: ExperimentResult[];
  /** The same metrics on real images (the row to read the others by). */
  reference?: EvalReport;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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

/**
 * The loss comparison as one self-contained HTML page: the setting, a metrics table (with the
 * real-data row), and per objective its sample grid, loss curves and D(x)/D(G(z)) curves.
 *
 * @example
 * await writeFile('report.html', renderReport(result));
 */
export function renderReport(r: ZooResult): string {
  const budget =
    r.epochs !== undefined ? `${r.epochs} epochs` : `${r.steps ?? '?'} steps per objective`;
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
  const rows = r.experiments.map((x) =>
    [
      `<a href="#${escapeHtml(x.id)}">${escapeHtml(x.title)}</a>`,
      escapeHtml(x.outcome),
      ...metricCells(x.evaluation),
      fmt(x.msPerStep, 0),
      fmt(x.seconds, 1),
    ].map((c) => `<td>${c}</td>`),
  );
  if (r.reference) {
    rows.push(
      [
        `<em>real ${escapeHtml(r.data)} images</em>`,
        'reference',
        ...metricCells(r.reference),
        '',
        '',
      ].map((c) => `<td>${c}</td>`),
    );
  }
  const sections = r.experiments.map((x) => {
    const pts = downsample(x.curve, 400);
    const losses = lineChartSvg(
      [
        { label: 'loss D', color: '#c0392b', points: pts.map((p) => [p.step, p.lossD] as const) },
        { label: 'loss G', color: '#2471a3', points: pts.map((p) => [p.step, p.lossG] as const) },
      ],
      { title: `${x.title}: losses`, xLabel: 'step' },
    );
    const ds = lineChartSvg(
      [
        { label: 'D(x)', color: '#1e8449', points: pts.map((p) => [p.step, p.dReal] as const) },
        { label: 'D(G(z))', color: '#b9770e', points: pts.map((p) => [p.step, p.dFake] as const) },
      ],
      { title: `${x.title}: mean D outputs`, xLabel: 'step' },
    );
    const img = x.samplePngBase64
      ? `<img alt="samples of ${escapeHtml(x.id)}" src="data:image/png;base64,${x.samplePngBase64}">`
      : '<p>(no samples)</p>';
    return `<section id="${escapeHtml(x.id)}"><h2>${escapeHtml(x.title)}</h2>
<p>${escapeHtml(x.outcome)}: ${x.steps} steps in ${fmt(x.seconds, 1)} s; run folder <code>${escapeHtml(x.runDir)}</code></p>
<div class="row">${img}${losses}${ds}</div></section>`;
  });
  const refNote = r.reference?.splits
    ? `<p class="note">Real images scored against: ${escapeHtml(r.reference.splits.description)}.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gantry loss zoo: ${escapeHtml(r.data)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:first-child,th:first-child,td:nth-child(2){text-align:left}
.row{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}
img{image-rendering:pixelated;width:232px;border:1px solid #ccc}.note{color:#555;font-size:90%}
</style></head><body>
<h1>Loss zoo: six GAN objectives, one DCGAN</h1>
<p>Data <b>${escapeHtml(r.data)}</b>, DCGAN (z ∈ ℝ¹⁰⁰, lr 1e-4, k = 1), batch ${r.batchSize}, ${escapeHtml(budget)}, seed ${r.seed}; metrics on ${r.nEval} samples.
Backend <b>${escapeHtml(r.backend)}</b>; started ${escapeHtml(r.startedAt)}, total ${fmt(r.seconds, 1)} s.</p>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n')}</tbody></table>
<p class="note">Fréchet distance and class coverage use the features and predictions of the classifier shipped in @gantry/eval (not Inception-v3: compare rows, not papers). Parzen: Goodfellow et al.'s protocol, nats.</p>
${refNote}
${sections.join('\n')}
</body></html>
`;
}
