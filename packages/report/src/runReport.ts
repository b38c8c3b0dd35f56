import { runCharts } from './charts';
import { escapeHtml, formatValue, htmlPage, htmlTable, pngDataUri } from './html';
import { downsample } from './svgChart';
import type { RunReportInput, SampleImage } from './types';

const fmt = (v: number | undefined, digits: number) =>
  v === undefined ? '–' : Number.isFinite(v) ? v.toFixed(digits) : String(v);

const count = (n: number) => n.toLocaleString('en-US');

/** The sample grids over time as a strip of captioned images (data: URIs). */
export function sampleStrip(samples: readonly SampleImage[], max = 24): string {
  if (samples.length === 0) return '<p class="note">(no sample grids)</p>';
  const shown = downsample(samples, max);
  const figures = shown.map(
    (s) =>
      `<figure><img alt="samples after ${s.step} steps" src="${pngDataUri(s.png)}" width="160"><figcaption>step ${count(s.step)}</figcaption></figure>`,
  );
  const note =
    shown.length < samples.length
      ? `<p class="note">${shown.length} of the ${samples.length} grids, evenly spaced.</p>`
      : '';
  return `<div class="strip">${figures.join('')}</div>${note}`;
}

/** The one-paragraph summary of a run: data, model, loss, optimizer, length, backend. */
function lead(r: RunReportInput): string {
  const c = r.record.config;
  const v = (k: string) => escapeHtml(formatValue(c[k]));
  const p = r.record.parameters;
  const trained = r.summary
    ? `Trained ${count(r.summary.steps)} of ${count(r.record.totalSteps)} steps (${escapeHtml(r.summary.reason)}) in ${fmt(r.summary.seconds, 1)} s`
    : `Planned ${count(r.record.totalSteps)} steps; ${count(r.metrics.at(-1)?.step ?? 0)} logged so far (no summary.json: still running, or stopped without one)`;
  const device = r.record.backend.device ? ` (${escapeHtml(r.record.backend.device)})` : '';
  return `<p>Data <b>${v('data')}</b>, model <b>${v('model')}</b> (G ${count(p.generator)}, D ${count(p.discriminator)} parameters), loss <b>${v('loss')}</b>, ${v('optimizer')} lr D ${v('lrD')} / G ${v('lrG')}, batch ${v('batchSize')}, k ${v('k')}, seed ${v('seed')}.</p>
<p>${trained} on backend <b>${escapeHtml(r.record.backend.name)}</b>${device}.</p>`;
}

/** Config, backend and versions as key/value tables. */
function facts(r: RunReportInput): string {
  const config = Object.entries(r.record.config).map(([k, v]) => [k, formatValue(v)]);
  const b = r.record.backend;
  const backend: [string, string][] = [['name', b.name]];
  if (b.package) backend.push(['package', b.package]);
  if (b.device) backend.push(['device', b.device]);
  for (const s of b.skipped ?? []) backend.push([`skipped ${s.candidate}`, s.reason]);
  const versions = Object.entries(r.record.versions).sort(([a], [b]) => a.localeCompare(b));
  return `<h2>Config</h2>${htmlTable(['key', 'value'], config, { className: 'kv' })}
<h2>Backend and versions</h2><div class="row">${htmlTable(['backend', ''], backend, { className: 'kv' })}${htmlTable(['package', 'version'], versions, { className: 'kv' })}</div>`;
}

/** The evaluation section: the table of `eval.json` and its notes, or a line on how to make one. */
function evaluation(r: RunReportInput): string {
  if (!r.evaluation) {
    return `<h2>Evaluation</h2><p class="note">No eval.json yet: <code>gantry eval --run ${escapeHtml(r.runDir ?? 'DIR')}</code> writes one.</p>`;
  }
  const notes = (r.evaluation.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`);
  return `<h2>Evaluation</h2>${htmlTable(['metric', 'value'], r.evaluation.rows)}${notes.join('')}`;
}

/**
 * One run as one self-contained HTML page: what was trained and how it ended; loss curves; mean
 * D(x) and D(G(z)) with the ½ line and, for log losses, V(D, G) against −log 4 (see
 * {@link runCharts}); the sample grids over time as a strip; the evaluation when there is one;
 * config, backend, versions and times. Charts are inline SVG and images `data:` URIs: the page
 * fetches nothing, opens offline and can be mailed.
 *
 * @example
 * await writeFile('report.html', renderRunReport({ title: 'mnist', record, metrics, samples: [] }));
 */
export function renderRunReport(r: RunReportInput): string {
  const generated = r.generatedAt ?? new Date().toISOString();
  const where = r.runDir ? ` <code>${escapeHtml(r.runDir)}</code>` : '';
  const body = `<h1>Gantry run: ${escapeHtml(r.title)}</h1>
${lead(r)}
<h2>Training</h2>
${r.metrics.length ? `<div class="row">${runCharts(r.metrics, r.discriminator).join('')}</div>` : '<p class="note">(no metrics logged)</p>'}
<h2>Samples over time</h2>
${sampleStrip(r.samples, r.maxSamples)}
${evaluation(r)}
${facts(r)}
<p class="note">Run folder${where}; record written ${escapeHtml(r.record.updated)}; page made ${escapeHtml(generated)} by @gantry/report.</p>`;
  return htmlPage({ title: `Gantry run: ${r.title}`, body });
}
