import { colorAt, metricSeries } from './charts';
import { escapeHtml, formatValue, htmlPage, htmlTable, pngDataUri, raw } from './html';
import { lineChartSvg } from './svgChart';
import type { MetricsPoint, SweepJobFacts, SweepReportInput } from './types';

/** A number to `digits` places; '–' when absent, 'non-finite' for JSON's null. */
const fmt = (v: number | null | undefined, digits: number) =>
  v === undefined
    ? '–'
    : v === null
      ? 'non-finite'
      : Number.isFinite(v)
        ? v.toFixed(digits)
        : String(v);

/** The jobs table: id, status, the grid's keys, the final scalars, time, eval numbers, error. */
function jobsTable(s: SweepReportInput): string {
  const keys = Object.keys(s.grid);
  const evalKeys = [...new Set(s.jobs.flatMap((j) => Object.keys(j.evaluation ?? {})))].sort();
  const head = [
    'job',
    'status',
    ...keys,
    'steps',
    'loss D',
    'loss G',
    'D(x)',
    'D(G(z))',
    'time (s)',
    ...evalKeys,
    'error',
  ];
  const rows = s.jobs.map((j) => [
    raw(`<a href="#job-${escapeHtml(j.id)}">${escapeHtml(j.id)}</a>`),
    j.attempts > 1 ? `${j.status} (${j.attempts} attempts)` : j.status,
    ...keys.map((k) => formatValue(j.config[k])),
    j.final ? String(j.final.step) : '–',
    fmt(j.final?.lossD, 4),
    fmt(j.final?.lossG, 4),
    fmt(j.final?.dReal, 3),
    fmt(j.final?.dFake, 3),
    fmt(j.seconds, 1),
    ...evalKeys.map((k) => fmt(j.evaluation?.[k], 4)),
    j.error ? `${j.error.code}: ${j.error.message}` : '',
  ]);
  return htmlTable(head, rows);
}

/** One metric of every job that has a curve, on one chart. */
function compareChart(
  jobs: readonly SweepJobFacts[],
  title: string,
  field: (p: MetricsPoint) => number,
): string {
  const withCurves = jobs.filter((j) => j.metrics && j.metrics.length > 0);
  const series = withCurves.map((j, i) =>
    metricSeries(j.metrics as MetricsPoint[], j.id, colorAt(i), field),
  );
  const height = Math.max(240, 60 + 13 * series.length);
  return lineChartSvg(series, { title, xLabel: 'step', width: 520, height });
}

/** Each job's newest sample grid, captioned with its id and step. */
function lastSamples(jobs: readonly SweepJobFacts[]): string {
  const figures = jobs.map((j) => {
    const img = j.lastSample
      ? `<img alt="samples of ${escapeHtml(j.id)}" src="${pngDataUri(j.lastSample.png)}" width="160">`
      : '<p class="note">(no samples)</p>';
    const step = j.lastSample ? `, step ${j.lastSample.step}` : '';
    return `<figure id="job-${escapeHtml(j.id)}">${img}<figcaption>${escapeHtml(j.id)}${step}<br><code>${escapeHtml(j.runDir)}</code></figcaption></figure>`;
  });
  return `<div class="strip">${figures.join('')}</div>`;
}

/**
 * A sweep as one self-contained HTML page comparing its jobs: the grid, a table of every job
 * (status, the values of the grid's keys, final losses and D outputs, time, headline
 * evaluation numbers, errors), the losses and D(G(z)) of every job on shared charts, and each
 * job's newest sample grid. Inline SVG and `data:` images only: nothing is fetched.
 *
 * @example
 * await writeFile('sweep.html', renderSweepReport({ title: 'lr sweep', grid: { lrD: [1e-4, 2e-4] }, jobs }));
 */
export function renderSweepReport(s: SweepReportInput): string {
  const generated = s.generatedAt ?? new Date().toISOString();
  const byStatus = new Map<string, number>();
  for (const j of s.jobs) byStatus.set(j.status, (byStatus.get(j.status) ?? 0) + 1);
  const counts = [...byStatus].map(([k, n]) => `${n} ${escapeHtml(k)}`).join(', ');
  const grid = Object.entries(s.grid).map(([k, values]) => [k, values.map(formatValue).join(', ')]);
  const base = s.base
    ? `<details><summary>base config</summary>${htmlTable(
        ['key', 'value'],
        Object.entries(s.base).map(([k, v]) => [k, formatValue(v)]),
        { className: 'kv' },
      )}</details>`
    : '';
  const body = `<h1>Gantry sweep: ${escapeHtml(s.title)}</h1>
<p>${s.jobs.length} jobs (${counts || 'none'})${s.created ? `; created ${escapeHtml(s.created)}` : ''}.</p>
<h2>Grid</h2>${htmlTable(['key', 'values'], grid, { className: 'kv' })}${base}
<h2>Jobs</h2>${jobsTable(s)}
<h2>Training curves</h2><div class="row">${compareChart(s.jobs, 'loss D', (p) => p.lossD)}${compareChart(s.jobs, 'loss G', (p) => p.lossG)}${compareChart(s.jobs, 'mean D(G(z))', (p) => p.dFake)}</div>
<h2>Newest samples</h2>${lastSamples(s.jobs)}
<p class="note">Page made ${escapeHtml(generated)} by @gantry/report.</p>`;
  return htmlPage({ title: `Gantry sweep: ${s.title}`, body });
}
