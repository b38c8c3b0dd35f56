import { escapeHtml } from './html';

/** One line of a chart. */
export interface Series {
  label: string;
  color: string;
  /** (x, y) points; non-finite y values break the line. */
  points: readonly (readonly [number, number])[];
}

/** A horizontal reference line (e.g. D = ½, or −log 4 for C(G)), drawn dashed and labelled. */
export interface ReferenceLine {
  y: number;
  label: string;
  color?: string;
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions {
  title: string;
  width?: number;
  height?: number;
  xLabel?: string;
  /** Horizontal reference lines; the y range always includes them. */
  references?: readonly ReferenceLine[];
}

/** A "nice" tick step near range/5: 1, 2 or 5 × 10^k. */
function tickStep(range: number): number {
  const raw = range / 5 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}

/**
 * Keeps at most `max` points, evenly spaced, first and last included (charts of 10,000 steps
 * stay small).
 *
 * @example
 * downsample([0, 1, 2, 3, 4], 3); // [0, 2, 4]
 */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++)
    out.push(points[Math.round((i * (points.length - 1)) / (max - 1))] as T);
  return out;
}

const MARGIN = { left: 52, right: 12, top: 26, bottom: 34 };

/** The data range of the finite points and reference lines, widened when flat or empty. */
function ranges(series: readonly Series[], references: readonly ReferenceLine[]) {
  const finite = series.flatMap((s) =>
    s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  );
  const ys = [...finite.map((p) => p[1]), ...references.map((r) => r.y)];
  let [x0, x1] = [Math.min(...finite.map((p) => p[0])), Math.max(...finite.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (finite.length === 0) [x0, x1] = [0, 1];
  if (ys.length === 0) [y0, y1] = [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  return { x0, x1, y0, y1 };
}

/** Ticks from `from` to `to` in steps of {@link tickStep}, each with its label. */
function ticks(from: number, to: number): { value: number; label: string }[] {
  const step = tickStep(to - from);
  const out: { value: number; label: string }[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to + 1e-12; t += step)
    out.push({ value: t, label: String(Number(t.toPrecision(6))) });
  return out;
}

/** The SVG path of one series, broken at non-finite points. */
function seriesPath(s: Series, sx: (x: number) => number, sy: (y: number) => number): string {
  let path = '';
  let pen = false;
  for (const [x, y] of s.points) {
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
    pen = true;
  }
  return path;
}

/**
 * A line chart as a self-contained SVG string: axes with ticks, one polyline per series (broken
 * at non-finite values), dashed reference lines, a legend. Pure: the same input gives the same
 * markup; labels are escaped.
 *
 * @example
 * lineChartSvg([{ label: 'D(x)', color: '#1e8449', points: [[1, 0.9], [2, 0.7]] }], {
 *   title: 'mean D outputs', references: [{ y: 0.5, label: 'D* = ½' }],
 * });
 */
export function lineChartSvg(series: readonly Series[], options: LineChartOptions): string {
  const width = options.width ?? 420;
  const height = options.height ?? 240;
  const m = MARGIN;
  const references = options.references ?? [];
  const { x0, x1, y0, y1 } = ranges(series, references);
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const sy = (y: number) =>
    height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<text x="${width / 2}" y="14" text-anchor="middle" font-size="12">${escapeHtml(options.title)}</text>`,
    `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="#888"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="#888"/>`,
  ];
  for (const t of ticks(y0, y1)) {
    const y = sy(t.value).toFixed(1);
    parts.push(
      `<line x1="${m.left - 3}" y1="${y}" x2="${width - m.right}" y2="${y}" stroke="#eee"/>`,
      `<text x="${m.left - 5}" y="${y}" text-anchor="end" dominant-baseline="middle">${t.label}</text>`,
    );
  }
  for (const t of ticks(x0, x1)) {
    parts.push(
      `<text x="${sx(t.value).toFixed(1)}" y="${height - m.bottom + 14}" text-anchor="middle">${t.label}</text>`,
    );
  }
  if (options.xLabel) {
    parts.push(
      `<text x="${width / 2}" y="${height - 4}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
    );
  }
  for (const r of references) {
    const y = sy(r.y).toFixed(1);
    const color = r.color ?? '#555';
    parts.push(
      `<line x1="${m.left}" y1="${y}" x2="${width - m.right}" y2="${y}" stroke="${color}" stroke-dasharray="4 3"/>`,
      `<text x="${m.left + 4}" y="${(Number(y) - 3).toFixed(1)}" fill="${color}">${escapeHtml(r.label)}</text>`,
    );
  }
  for (const [i, s] of series.entries()) {
    parts.push(
      `<path d="${seriesPath(s, sx, sy)}" fill="none" stroke="${s.color}" stroke-width="1.2"/>`,
    );
    const ly = m.top + 4 + i * 13;
    parts.push(
      `<line x1="${width - m.right - 70}" y1="${ly}" x2="${width - m.right - 56}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${width - m.right - 52}" y="${ly}" dominant-baseline="middle">${escapeHtml(s.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
