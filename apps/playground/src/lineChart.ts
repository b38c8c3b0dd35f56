import { bottomAxis, legend, polyline, type Surface, sideAxis } from './canvas';
import { COLORS } from './colors';
import { formatNumber, linearScale } from './scale';

/** One curve of a chart: [step, value] pairs. */
export interface ChartSeries {
  label: string;
  color: string;
  points: readonly (readonly [number, number])[];
  dash?: number[];
}

/** A horizontal reference line, e.g. −log 4. */
export interface ChartReference {
  label: string;
  y: number;
  color?: string;
}

/** What {@link drawLineChart} draws. */
export interface LineChartSpec {
  title: string;
  series: ChartSeries[];
  references?: ChartReference[];
  /** Fixed y range; fitted to the series and references when absent. */
  yRange?: [number, number];
}

/** The y range that holds every finite value and reference, padded by 8% (±0.5 if flat). */
export function fitRange(spec: LineChartSpec): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const see = (v: number) => {
    if (!Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  for (const s of spec.series) for (const [, v] of s.points) see(v);
  for (const r of spec.references ?? []) see(r.y);
  if (lo > hi) return [0, 1];
  if (hi - lo < 1e-9) return [lo - 0.5, hi + 0.5];
  const pad = 0.08 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** A line chart over generator steps, with reference lines and a legend. */
export function drawLineChart(surface: Surface, spec: LineChartSpec): void {
  const { ctx, width, height } = surface;
  const left = 48;
  const right = width - 18;
  const top = 40;
  const bottom = height - 24;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  for (const s of spec.series) {
    for (const [x] of s.points) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
    }
  }
  if (!(x0 <= x1)) [x0, x1] = [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  const xs = linearScale([x0, x1], [left, right]);
  const ys = linearScale(spec.yRange ?? fitRange(spec), [bottom, top]);

  ctx.save();
  ctx.fillStyle = COLORS.axis;
  ctx.font = 'bold 12px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(spec.title, 6, 4);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 2, right - left, bottom - top + 4);
  ctx.clip();
  for (const r of spec.references ?? []) {
    const y = ys(r.y);
    polyline(ctx, [left, right], [y, y], {
      color: r.color ?? COLORS.reference,
      width: 1,
      dash: [4, 3],
    });
    ctx.fillStyle = r.color ?? COLORS.reference;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`${r.label} = ${formatNumber(r.y, 4)}`, right - 2, y - 1);
  }
  for (const s of spec.series) {
    polyline(
      ctx,
      s.points.map(([x]) => xs(x)),
      s.points.map(([, y]) => ys(y)),
      { color: s.color, width: 1.8, ...(s.dash ? { dash: s.dash } : {}) },
    );
  }
  ctx.restore();

  bottomAxis(ctx, xs, bottom);
  sideAxis(ctx, ys, left, 'left');
  legend(
    ctx,
    spec.series.map((s) => ({
      label: s.label,
      color: s.color,
      ...(s.dash ? { dash: s.dash } : {}),
    })),
    left,
    26,
    width - 4,
  );
}
