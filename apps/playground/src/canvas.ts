import { COLORS } from './colors';
import { formatNumber, type LinearScale, niceTicks } from './scale';

/** A 2-D context sized in CSS pixels (the backing store follows devicePixelRatio). */
export interface Surface {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
}

/** Sizes `canvas` to width × height CSS pixels at the screen's pixel ratio and clears it. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): Surface {
  const ratio = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2-D canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineJoin = 'round';
  return { ctx, width, height };
}

/** Draws a polyline through (x, y) pairs; non-finite points break the line. */
export function polyline(
  ctx: CanvasRenderingContext2D,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  style: { color: string; width?: number; dash?: number[] },
): void {
  ctx.save();
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width ?? 1.5;
  ctx.setLineDash(style.dash ?? []);
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
  ctx.stroke();
  ctx.restore();
}

/** A horizontal axis with ticks and labels at pixel row `y`. */
export function bottomAxis(ctx: CanvasRenderingContext2D, scale: LinearScale, y: number): void {
  const [r0, r1] = scale.range;
  ctx.save();
  ctx.strokeStyle = COLORS.axis;
  ctx.fillStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(r0, y);
  ctx.lineTo(r1, y);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const [d0, d1] = scale.domain;
  for (const t of niceTicks(Math.min(d0, d1), Math.max(d0, d1), 6)) {
    const x = scale(t);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x, y + 4);
    ctx.stroke();
    ctx.fillText(formatNumber(t, 2), x, y + 5);
  }
  ctx.restore();
}

/** A vertical axis with ticks and labels at pixel column `x`, labels on `side`. */
export function sideAxis(
  ctx: CanvasRenderingContext2D,
  scale: LinearScale,
  x: number,
  side: 'left' | 'right',
  color: string = COLORS.axis,
): void {
  const [r0, r1] = scale.range;
  const dir = side === 'left' ? -1 : 1;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, r0);
  ctx.lineTo(x, r1);
  ctx.stroke();
  ctx.textAlign = side === 'left' ? 'right' : 'left';
  ctx.textBaseline = 'middle';
  const [d0, d1] = scale.domain;
  for (const t of niceTicks(Math.min(d0, d1), Math.max(d0, d1), 5)) {
    const y = scale(t);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 4 * dir, y);
    ctx.stroke();
    ctx.fillText(formatNumber(t, 2), x + 6 * dir, y);
  }
  ctx.restore();
}

/** One legend entry per item, left to right from (x, y), wrapping at `maxX`. */
export function legend(
  ctx: CanvasRenderingContext2D,
  items: { label: string; color: string; dash?: number[]; dot?: boolean }[],
  x: number,
  y: number,
  maxX: number,
): void {
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let cx = x;
  let cy = y;
  for (const item of items) {
    const w = 22 + ctx.measureText(item.label).width + 14;
    if (cx + w > maxX && cx > x) {
      cx = x;
      cy += 15;
    }
    ctx.strokeStyle = item.color;
    ctx.fillStyle = item.color;
    if (item.dot) {
      ctx.beginPath();
      ctx.arc(cx + 9, cy, 3, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.lineWidth = 2;
      ctx.setLineDash(item.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(cx, cy);
      ctx.lineTo(cx + 18, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = COLORS.axis;
    ctx.fillText(item.label, cx + 22, cy);
    cx += w;
  }
  ctx.restore();
}
