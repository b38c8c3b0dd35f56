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
  const size = Math.min(width - 110, height - 60);
  const left = 46;
  const top = 28;
  const xs = linearScale([bounds.lo[0] as number, bounds.hi[0] as number], [left, left + size]);
  const ys = linearScale([bounds.lo[1] as number, bounds.hi[1] as number], [top + size, top]);

  // Heat map: one pixel per cell, scaled up smoothly.
  const [lo, hi] = valueRange(readout, frame.d);
  const mid = readout.equilibrium ?? (lo + hi) / 2;
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
  ctx.drawImage(tile, left, top, size, size);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, size, size);
  ctx.clip();
  const dots = (points: Float32Array, color: string, radius: number) => {
    ctx.save();
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.75;
    for (let i = 0; i + 1 < points.length; i += 2) {
      ctx.beginPath();
      ctx.arc(xs(points[i] as number), ys(points[i + 1] as number), radius, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.restore();
  };
  dots(frame.real, COLORS.real, 1.8);
  dots(frame.generated, COLORS.fake, 1.8);
  if (frame.loaded) dots(frame.loaded.samples, COLORS.loaded, 1.8);

  // Generator gradients.
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

  ctx.restore();

  // Mode centres: a solid ring when the mode is captured, a dashed one when it is missed.
  if (options.modes && frame.modes) {
    ctx.save();
    ctx.strokeStyle = COLORS.axis;
    for (const [m, centre] of options.modes.entries()) {
      const captured = (frame.modes.histogram[m] ?? 0) >= frame.modes.minCount;
      ctx.lineWidth = captured ? 2 : 1;
      ctx.setLineDash(captured ? [] : [2, 2]);
      ctx.beginPath();
      ctx.arc(xs(centre[0] as number), ys(centre[1] as number), 7, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }

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
  // Colour key of the heat map: D's value from `hi` (top, real) to `lo` (bottom, fake).
  const keyX = left + size + 10;
  const keyH = Math.round(size / 2);
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
