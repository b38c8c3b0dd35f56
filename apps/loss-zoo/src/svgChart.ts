/** One line of a chart. */
export interface Series {
  label: string;
  color: string;
  /** (x, y) points; non-finite y values break the line. */
  points: readonly (readonly [number, number])[];
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A "nice" tick step near range/5: 1, 2 or 5 × 10^k. */
function tickStep(range: number): number {
  const raw = range / 5 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}

/** Keeps at most `max` points, evenly spaced (charts of 10,000 steps stay small). */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++)
    out.push(points[Math.round((i * (points.length - 1)) / (max - 1))] as T);
  return out;
}

/**
 * A line chart as a self-contained SVG string: axes with ticks, one polyline per series (broken
 * at non-finite values), a legend. Pure: the same input gives the same markup.
 *
 * @example
 * lineChartSvg([{ label: 'lossD', color: '#c33', points: [[1, 1.4], [2, 1.2]] }], { title: 'losses' });
 */
export function lineChartSvg(
  series: readonly Series[],
  options: { title: string; width?: number; height?: number; xLabel?: string },
): string {
  const width = options.width ?? 420;
  const height = options.height ?? 240;
  const m = { left: 52, right: 12, top: 26, bottom: 34 };
  const finite = series.flatMap((s) =>
    s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  );
  let [x0, x1] = [Math.min(...finite.map((p) => p[0])), Math.max(...finite.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...finite.map((p) => p[1])), Math.max(...finite.map((p) => p[1]))];
  if (finite.length === 0) [x0, x1, y0, y1] = [0, 1, 0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const sy = (y: number) =>
    height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<text x="${width / 2}" y="14" text-anchor="middle" font-size="12">${escapeXml(options.title)}</text>`,
    `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="#888"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="#888"/>`,
  ];
  const yStep = tickStep(y1 - y0);
  for (let t = Math.ceil(y0 / yStep) * yStep; t <= y1 + 1e-12; t += yStep) {
    const y = sy(t).toFixed(1);
    parts.push(
      `<line x1="${m.left - 3}" y1="${y}" x2="${width - m.right}" y2="${y}" stroke="#eee"/>`,
      `<text x="${m.left - 5}" y="${y}" text-anchor="end" dominant-baseline="middle">${Number(t.toPrecision(6))}</text>`,
    );
  }
  const xStep = tickStep(x1 - x0);
  for (let t = Math.ceil(x0 / xStep) * xStep; t <= x1 + 1e-12; t += xStep) {
    const x = sx(t).toFixed(1);
    parts.push(
      `<text x="${x}" y="${height - m.bottom + 14}" text-anchor="middle">${Number(t.toPrecision(6))}</text>`,
    );
  }
  if (options.xLabel) {
    parts.push(
      `<text x="${width / 2}" y="${height - 4}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    );
  }
  for (const [i, s] of series.entries()) {
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
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="1.2"/>`);
    const ly = m.top + 4 + i * 13;
    parts.push(
      `<line x1="${width - m.right - 70}" y1="${ly}" x2="${width - m.right - 56}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${width - m.right - 52}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
