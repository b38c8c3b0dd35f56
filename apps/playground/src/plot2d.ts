import type { Frame2d } from './analysis';
import type { Bounds } from './bounds';
import { bottomAxis, legend, type Surface, sideAxis } from './canvas';
import { COLORS, heatColor } from './colors';
import { type Readout, valueRange } from './readout';
import { formatNumber, linearScale } from './scale';

/** Scales each arrow so that the longest is `maxLength` pixels; returns that longest norm. */
export function arrowScale(directions: ArrayLike<number>, maxLength: number): number {
  let longest = 0;
  for (let i = 0; i + 1 < directions.length; i += 2) {
    const n = Math.hypot(directions[i] as number, directions[i + 1] as number);
    if (Number.isFinite(n) && n > longest) longest = n;
  }
  return longest > 0 ? maxLength / longest : 0;
}

type Ctx = CanvasRenderingContext2D;
type Scale = (v: number) => number;
/** The square plot area: left, top and side length in pixels. */
interface Box {
  left: number;
  top: number;
  size: number;
}

/** D's heat map: one pixel per cell, scaled up smoothly. */
function drawHeatMap(ctx: Ctx, frame: Frame2d, box: Box, range: [number, number, number]): void {
  const [lo, mid, hi] = range;
  const image = new ImageData(frame.cells, frame.cells);
  for (let i = 0; i < frame.d.length; i++) {
    const [r, g, b] = heatColor(frame.d[i] as number, lo, mid, hi);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  const tile = document.createElement('canvas');
  tile.width = frame.cells;
  tile.height = frame.cells;
  tile.getContext('2d')?.putImageData(image, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = 0.85;
  ctx.drawImage(tile, box.left, box.top, box.size, box.size);
  ctx.restore();
}

/** Points as small discs of one colour. */
function drawDots(ctx: Ctx, points: Float32Array, color: string, xs: Scale, ys: Scale): void {
  ctx.save();
  ctx.fillStyle = color;
  ctx.globalAlpha = 0.75;
  for (let i = 0; i + 1 < points.length; i += 2) {
    ctx.beginPath();
    ctx.arc(xs(points[i] as number), ys(points[i + 1] as number), 1.8, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
}

/** On each generated point, an arrow along −∇ₓL_G (the longest 7% of the plot's side). */
function drawArrows(ctx: Ctx, frame: Frame2d, xs: Scale, ys: Scale, size: number): void {
  const k = arrowScale(frame.directions, 0.07 * size);
  ctx.save();
  ctx.strokeStyle = COLORS.arrow;
  ctx.globalAlpha = 0.8;
  ctx.lineWidth = 1;
  for (let i = 0; i + 1 < frame.directions.length; i += 2) {
    const x0 = xs(frame.generated[i] as number);
    const y0 = ys(frame.generated[i + 1] as number);
    const dx = (frame.directions[i] as number) * k;
    const dy = -(frame.directions[i + 1] as number) * k;
    const len = Math.hypot(dx, dy);
    if (!(len > 0.5)) continue;
    const x1 = x0 + dx;
    const y1 = y0 + dy;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    const ux = dx / len;
    const uy = dy / len;
    const head = Math.min(4, len / 2);
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
    ctx.stroke();
  }
  ctx.restore();
}

/** Mode centres: a solid ring when the mode is captured, a dashed one when it is missed. */
function drawModes(
  ctx: Ctx,
  modes: readonly (readonly number[])[],
  found: NonNullable<Frame2d['modes']>,
  xs: Scale,
  ys: Scale,
): void {
  ctx.save();
  ctx.strokeStyle = COLORS.axis;
  for (const [m, centre] of modes.entries()) {
    const captured = (found.histogram[m] ?? 0) >= found.minCount;
    ctx.lineWidth = captured ? 2 : 1;
    ctx.setLineDash(captured ? [] : [2, 2]);
    ctx.beginPath();
    ctx.arc(xs(centre[0] as number), ys(centre[1] as number), 7, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
}

/** Colour key of the heat map: D's value from `hi` (top, real) to `lo` (bottom, fake). */
function drawColorKey(ctx: Ctx, box: Box, range: [number, number, number]): void {
  const [lo, mid, hi] = range;
  const keyX = box.left + box.size + 10;
  const { top } = box;
  const keyH = Math.round(box.size / 2);
  for (let i = 0; i < keyH; i++) {
    const v = hi - ((hi - lo) * i) / (keyH - 1);
    const [r, g, b] = heatColor(v, lo, mid, hi);
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect(keyX, top + i, 10, 1);
  }
  ctx.save();
  ctx.strokeStyle = COLORS.axis;
  ctx.strokeRect(keyX, top, 10, keyH);
  ctx.fillStyle = COLORS.axis;
  ctx.textBaseline = 'middle';
  ctx.fillText(formatNumber(hi, 2), keyX + 14, top);
  ctx.fillText(formatNumber(mid, 2), keyX + 14, top + keyH / 2);
  ctx.fillText(formatNumber(lo, 2), keyX + 14, top + keyH);
  ctx.textBaseline = 'top';
  ctx.fillText('D(x)', keyX, top + keyH + 10);
  ctx.restore();
}

/**
 * The 2-D view, as in GAN Lab: D's heat map (green where D says real, purple where it says
 * fake, white at its equilibrium value), real (green) and generated (purple) points, and on
 * generated points the direction −∇ₓL_G in which the next generator update moves them.
 */
export function drawField(
  surface: Surface,
  frame: Frame2d,
  bounds: Bounds,
  readout: Readout,
  options: { modes?: readonly (readonly number[])[] } = {},
): void {
  const { ctx, width, height } = surface;
  const box: Box = { left: 46, top: 28, size: Math.min(width - 110, height - 60) };
  const { left, top, size } = box;
  const xs = linearScale([bounds.lo[0] as number, bounds.hi[0] as number], [left, left + size]);
  const ys = linearScale([bounds.lo[1] as number, bounds.hi[1] as number], [top + size, top]);
  const [lo, hi] = valueRange(readout, frame.d);
  const range: [number, number, number] = [lo, readout.equilibrium ?? (lo + hi) / 2, hi];
  drawHeatMap(ctx, frame, box, range);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, size, size);
  ctx.clip();
  drawDots(ctx, frame.real, COLORS.real, xs, ys);
  drawDots(ctx, frame.generated, COLORS.fake, xs, ys);
  if (frame.loaded) drawDots(ctx, frame.loaded.samples, COLORS.loaded, xs, ys);
  drawArrows(ctx, frame, xs, ys, size);
  ctx.restore();
  if (options.modes && frame.modes) drawModes(ctx, options.modes, frame.modes, xs, ys);
  bottomAxis(ctx, xs, top + size);
  sideAxis(ctx, ys, left, 'left');
  legend(
    ctx,
    [
      { label: 'real', color: COLORS.real, dot: true },
      { label: 'G(z)', color: COLORS.fake, dot: true },
      { label: '−∇ₓ L_G (where G moves them)', color: COLORS.arrow },
      ...(frame.loaded
        ? [{ label: `loaded G (${frame.loaded.name})`, color: COLORS.loaded, dot: true }]
        : []),
      ...(options.modes
        ? [
            { label: 'mode captured', color: COLORS.axis },
            { label: 'missed', color: COLORS.axis, dash: [2, 2] },
          ]
        : []),
    ],
    left,
    12,
    width - 4,
  );
  drawColorKey(ctx, box, range);
}
