import type { Frame1d } from './analysis';
import { bottomAxis, legend, polyline, type Surface, sideAxis } from './canvas';
import { COLORS } from './colors';
import { type Readout, valueRange } from './readout';
import { linearScale } from './scale';

/** D* is drawn where p_data + p_g exceeds this fraction of its peak. */
export const SUPPORT_FRACTION = 1e-3;

/** Where the curves go: x pixels of the grid, the plot box and the two y scales. */
interface CurveLayout {
  px: number[];
  box: { left: number; right: number; top: number; axisY: number };
  densityScale: (v: number) => number;
  dScale: (v: number) => number;
}

/** The curves, clipped to the plot: D's equilibrium, p_data, p_g (and a loaded G's), D*, D. */
function drawCurves(
  ctx: CanvasRenderingContext2D,
  frame: Frame1d,
  readout: Readout,
  layout: CurveLayout,
): void {
  const { px, densityScale, dScale } = layout;
  const { left, right, top, axisY } = layout.box;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 4, right - left, axisY - top + 5);
  ctx.clip();
  // Equilibrium of D (½ for log losses): where D* sits once p_g = p_data.
  if (readout.equilibrium !== null) {
    const y = dScale(readout.equilibrium);
    polyline(ctx, [left, right], [y, y], { color: COLORS.reference, width: 1, dash: [2, 3] });
    ctx.save();
    ctx.fillStyle = COLORS.reference;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`D = ${readout.equilibrium}`, right - 2, y - 2);
    ctx.restore();
  }

  polyline(
    ctx,
    px,
    Array.from(frame.dataDensity, (v) => densityScale(v)),
    { color: COLORS.data, width: 2, dash: [2, 3] },
  );
  polyline(
    ctx,
    px,
    Array.from(frame.generatorDensity, (v) => densityScale(v)),
    { color: COLORS.real, width: 2 },
  );
  if (frame.loaded) {
    polyline(
      ctx,
      px,
      Array.from(frame.loaded.density, (v) => densityScale(v)),
      { color: COLORS.loaded, width: 2, dash: [8, 3, 2, 3] },
    );
  }
  if (frame.optimum) {
    // A free D's value where p_data + p_g ≈ 0 costs nothing and means nothing (0/0 in the
    // formula, or a ratio of two vanishing tails): D* is drawn only where there is mass.
    const mass = Array.from(frame.dataDensity, (v, i) => v + (frame.generatorDensity[i] as number));
    const floor = SUPPORT_FRACTION * Math.max(...mass);
    polyline(
      ctx,
      px,
      frame.optimum.values.map((v, i) => ((mass[i] as number) > floor ? dScale(v) : Number.NaN)),
      { color: COLORS.optimum, width: 1.5 },
    );
  }
  polyline(
    ctx,
    px,
    Array.from(frame.d, (v) => dScale(v)),
    { color: COLORS.discriminator, width: 2, dash: [7, 4] },
  );

  ctx.restore();
}

/**
 * Goodfellow et al.'s Figure 1, live: p_data (black, dotted), p_g (green, solid; a kernel
 * estimate of G's samples) and D (blue, dashed) over one x axis, with the free-D optimum for
 * the current p_g (orange) and D's equilibrium value (grey); under the axis, the z line and the
 * map x = G(z) for evenly spaced z when z is 1-D.
 */
export function drawFigure1(surface: Surface, frame: Frame1d, readout: Readout): void {
  const { ctx, width, height } = surface;
  const left = 52;
  const right = width - 56;
  const top = 44;
  const axisY = height - (frame.mapping ? 112 : 40);
  const xs = linearScale(
    [frame.grid.edges[0] as number, frame.grid.edges.at(-1) as number],
    [left, right],
  );
  let maxDensity = 0;
  for (const v of [
    ...frame.dataDensity,
    ...frame.generatorDensity,
    ...(frame.loaded?.density ?? []),
  ]) {
    if (Number.isFinite(v) && v > maxDensity) maxDensity = v;
  }
  const densityScale = linearScale([0, Math.max(1e-6, maxDensity * 1.1)], [axisY, top]);
  const optimumValues = frame.optimum?.values ?? [];
  const dScale = linearScale(valueRange(readout, frame.d, optimumValues), [axisY, top]);
  const px = frame.grid.centres.map((x) => xs(x));

  drawCurves(ctx, frame, readout, {
    px,
    box: { left, right, top, axisY },
    densityScale,
    dScale,
  });

  bottomAxis(ctx, xs, axisY);
  sideAxis(ctx, densityScale, left, 'left');
  sideAxis(ctx, dScale, right, 'right', COLORS.discriminator);
  ctx.save();
  ctx.fillStyle = COLORS.axis;
  ctx.textBaseline = 'bottom';
  ctx.fillText('density', 4, top - 6);
  ctx.textAlign = 'right';
  ctx.fillStyle = COLORS.discriminator;
  ctx.fillText(readout.label, width - 4, top - 6);
  ctx.textAlign = 'left';
  ctx.fillStyle = COLORS.axis;
  ctx.fillText('x', right + 8, axisY + 16);
  ctx.restore();

  legend(
    ctx,
    [
      { label: 'p_data', color: COLORS.data, dash: [2, 3] },
      { label: `p_g (kernel estimate, h = ${frame.bandwidth.toFixed(3)})`, color: COLORS.real },
      { label: 'D', color: COLORS.discriminator, dash: [7, 4] },
      ...(frame.optimum ? [{ label: frame.optimum.formula, color: COLORS.optimum }] : []),
      ...(frame.loaded
        ? [{ label: `loaded ${frame.loaded.name}`, color: COLORS.loaded, dash: [8, 3, 2, 3] }]
        : []),
    ],
    left,
    12,
    width - 8,
  );
  if (!frame.optimum) {
    ctx.save();
    ctx.fillStyle = COLORS.optimum;
    ctx.textAlign = 'right';
    ctx.fillText('this loss has no pointwise optimal D', right, top + 8);
    ctx.restore();
  }

  if (frame.mapping) drawMapping(surface, frame.mapping, xs, axisY);
}

/** Figure 1's lower panel: the z line and a line from each z to x = G(z) on the x axis. */
function drawMapping(
  surface: Surface,
  mapping: NonNullable<Frame1d['mapping']>,
  xs: ReturnType<typeof linearScale>,
  axisY: number,
): void {
  const { ctx, height } = surface;
  const [left, right] = xs.range;
  const zY = height - 24;
  const inset = 0.1 * (right - left);
  const zs = linearScale(mapping.range, [left + inset, right - inset]);
  ctx.save();
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(zs(mapping.range[0]), zY);
  ctx.lineTo(zs(mapping.range[1]), zY);
  ctx.stroke();
  ctx.fillStyle = COLORS.axis;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.fillText(String(mapping.range[0]), zs(mapping.range[0]), zY + 4);
  ctx.fillText(String(mapping.range[1]), zs(mapping.range[1]), zY + 4);
  ctx.textAlign = 'left';
  ctx.fillText('z', zs(mapping.range[1]) + 8, zY - 6);
  ctx.textAlign = 'right';
  ctx.fillText('x = G(z)', left + inset - 8, zY - 46);
  ctx.strokeStyle = COLORS.real;
  ctx.globalAlpha = 0.7;
  const xTop = axisY + 18;
  for (let i = 0; i < mapping.z.length; i++) {
    const x = mapping.x[i] as number;
    const tx = Math.min(right, Math.max(left, xs(x)));
    ctx.beginPath();
    ctx.moveTo(zs(mapping.z[i] as number), zY);
    ctx.lineTo(tx, xTop);
    ctx.stroke();
  }
  ctx.restore();
}
