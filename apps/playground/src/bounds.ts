/** An axis-aligned box: `lo[i]`, `hi[i]` per axis. */
export interface Bounds {
  lo: number[];
  hi: number[];
}

/** Options of {@link viewBounds}. */
export interface ViewBoundsOptions {
  /** An interval every axis must hold (where an untrained generator puts its samples). */
  include?: [number, number];
  /** Padding added on each side, as a fraction of the span (default 0.15). */
  pad?: number;
  /** Make every axis the span of the widest, centred on its own middle (default true). */
  square?: boolean;
}

/**
 * The region to draw: the range of `samples` (n·dim values, row-major) on each axis, joined with
 * `include`, padded, and made square so that circles stay round.
 *
 * @example
 * viewBounds(ring.sample(rng, 2000), 2); // ≈ { lo: [−2.8, −2.8], hi: [2.8, 2.8] }
 */
export function viewBounds(
  samples: ArrayLike<number>,
  dim: number,
  options: ViewBoundsOptions = {},
): Bounds {
  const { include = [-1, 1], pad = 0.15, square = true } = options;
  const lo = new Array<number>(dim).fill(include[0]);
  const hi = new Array<number>(dim).fill(include[1]);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    if (!Number.isFinite(v)) continue;
    const axis = i % dim;
    if (v < (lo[axis] as number)) lo[axis] = v;
    if (v > (hi[axis] as number)) hi[axis] = v;
  }
  let span = 0;
  for (let a = 0; a < dim; a++) span = Math.max(span, (hi[a] as number) - (lo[a] as number));
  for (let a = 0; a < dim; a++) {
    const own = (hi[a] as number) - (lo[a] as number);
    const half = ((square ? span : own) * (1 + 2 * pad)) / 2;
    const mid = ((hi[a] as number) + (lo[a] as number)) / 2;
    lo[a] = mid - half;
    hi[a] = mid + half;
  }
  return { lo, hi };
}

/**
 * Centres of an n × n grid of cells over a 2-D box, row-major from the top row (largest y) to
 * the bottom, left to right: point (row r, column c) at index 2(r·n + c).
 *
 * @example
 * gridPoints2d({ lo: [0, 0], hi: [2, 2] }, 2); // [0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]
 */
export function gridPoints2d(bounds: Bounds, n: number): Float32Array {
  const [x0, y0] = bounds.lo as [number, number];
  const [x1, y1] = bounds.hi as [number, number];
  const dx = (x1 - x0) / n;
  const dy = (y1 - y0) / n;
  const out = new Float32Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = 2 * (r * n + c);
      out[i] = x0 + (c + 0.5) * dx;
      out[i + 1] = y1 - (r + 0.5) * dy;
    }
  }
  return out;
}
