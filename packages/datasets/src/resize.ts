import { DatasetError } from './errors';

/** Shape of an interleaved image: height, width, channels. */
export type ImageShape = readonly [height: number, width: number, channels: number];

/**
 * Resizes an interleaved (HWC) uint8 image to `size` = [height, width], separably, axis by axis:
 * an axis that shrinks is area-averaged (each output pixel i is the mean of the input interval
 * [i·s, (i+1)·s), s = in/out, partial pixels weighted by their overlap, like OpenCV's INTER_AREA);
 * an axis that grows is interpolated bilinearly with half-pixel centres (source coordinate
 * (i + ½)·s − ½, clamped at the borders, like INTER_LINEAR); an unchanged axis is copied.
 * Results are rounded to the nearest integer.
 *
 * @example
 * resizeImage(new Uint8Array([0, 100]), [1, 2, 1], [1, 4]); // [0, 25, 75, 100]
 */
export function resizeImage(
  pixels: Uint8Array,
  shape: ImageShape,
  size: readonly [number, number],
): Uint8Array {
  const [h, w, c] = shape;
  const [outH, outW] = size;
  for (const [key, v] of [
    ['shape[0]', h],
    ['shape[1]', w],
    ['shape[2]', c],
    ['size[0]', outH],
    ['size[1]', outW],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new DatasetError(
        'E_INVALID_ARGUMENT',
        `resizeImage: ${key} must be a positive integer, got ${v}`,
        {
          option: key,
        },
      );
    }
  }
  if (pixels.length !== h * w * c) {
    throw new DatasetError(
      'E_COUNT_MISMATCH',
      `resizeImage: ${pixels.length} bytes for a ${h}×${w}×${c} image (${h * w * c} expected)`,
      { option: 'pixels', expected: h * w * c, actual: pixels.length },
    );
  }
  if (h === outH && w === outW) return pixels.slice();
  const src = Float32Array.from(pixels);
  // Rows first (width axis), then columns (height axis).
  const rows = resampleAxis(src, { outer: h, length: w, inner: c, out: outW });
  const both = resampleAxis(rows, { outer: 1, length: h, inner: outW * c, out: outH });
  const out = new Uint8Array(both.length);
  for (let i = 0; i < both.length; i++)
    out[i] = Math.min(255, Math.max(0, Math.round(both[i] as number)));
  return out;
}

/** Resamples the middle axis of an [outer, length, inner] array to `out` entries. */
function resampleAxis(
  src: Float32Array,
  dims: { outer: number; length: number; inner: number; out: number },
): Float32Array {
  const { outer, length, inner, out } = dims;
  if (length === out) return src;
  const weights = length > out ? areaWeights(length, out) : bilinearWeights(length, out);
  const dst = new Float32Array(outer * out * inner);
  for (let o = 0; o < outer; o++) {
    const srcBase = o * length * inner;
    const dstBase = o * out * inner;
    for (let i = 0; i < out; i++) {
      const taps = weights[i] as [number, number][];
      for (let k = 0; k < inner; k++) {
        let acc = 0;
        for (const [j, wgt] of taps) acc += wgt * (src[srcBase + j * inner + k] as number);
        dst[dstBase + i * inner + k] = acc;
      }
    }
  }
  return dst;
}

/** Area-average taps for shrinking n → m: overlap of [i·s, (i+1)·s) with each source pixel, / s. */
export function areaWeights(n: number, m: number): [number, number][][] {
  const s = n / m;
  const taps: [number, number][][] = [];
  for (let i = 0; i < m; i++) {
    const lo = i * s;
    const hi = (i + 1) * s;
    const row: [number, number][] = [];
    for (let j = Math.floor(lo); j < Math.min(n, Math.ceil(hi)); j++) {
      const overlap = Math.min(hi, j + 1) - Math.max(lo, j);
      if (overlap > 1e-12) row.push([j, overlap / s]);
    }
    taps.push(row);
  }
  return taps;
}

/** Bilinear taps for growing n → m with half-pixel centres: x = (i + ½)·n/m − ½, clamped. */
export function bilinearWeights(n: number, m: number): [number, number][][] {
  const s = n / m;
  const taps: [number, number][][] = [];
  for (let i = 0; i < m; i++) {
    const x = Math.min(n - 1, Math.max(0, (i + 0.5) * s - 0.5));
    const j = Math.min(n - 2, Math.floor(x));
    if (n === 1 || j < 0) {
      taps.push([[0, 1]]);
      continue;
    }
    const t = x - j;
    taps.push(
      t === 0
        ? [[j, 1]]
        : [
            [j, 1 - t],
            [j + 1, t],
          ],
    );
  }
  return taps;
}

/**
 * Converts an interleaved image between 1, 3 and 4 (RGBA) channels: RGB → gray by ITU-R BT.601
 * luma Y = 0.299·R + 0.587·G + 0.114·B (as PIL's `L` mode); gray → RGB by repetition; alpha is
 * composited over black (value·α/255) and dropped.
 *
 * @example
 * convertChannels(new Uint8Array([255, 0, 0]), 3, 1); // [76]
 */
export function convertChannels(pixels: Uint8Array, from: 1 | 3 | 4, to: 1 | 3): Uint8Array {
  if (![1, 3, 4].includes(from) || ![1, 3].includes(to)) {
    throw new DatasetError(
      'E_INVALID_ARGUMENT',
      `convertChannels: channels must go from 1, 3 or 4 to 1 or 3, got ${from} → ${to}`,
      { option: 'channels' },
    );
  }
  if (pixels.length % from !== 0) {
    throw new DatasetError(
      'E_COUNT_MISMATCH',
      `convertChannels: ${pixels.length} bytes is not a whole number of ${from}-channel pixels`,
      { option: 'pixels', actual: pixels.length },
    );
  }
  const n = pixels.length / from;
  const out = new Uint8Array(n * to);
  for (let p = 0; p < n; p++) {
    const a = from === 4 ? (pixels[4 * p + 3] as number) / 255 : 1;
    let r: number;
    let g: number;
    let b: number;
    if (from === 1) {
      r = g = b = pixels[p] as number;
    } else {
      r = (pixels[from * p] as number) * a;
      g = (pixels[from * p + 1] as number) * a;
      b = (pixels[from * p + 2] as number) * a;
    }
    if (to === 1) {
      out[p] = Math.round(from === 1 ? r : 0.299 * r + 0.587 * g + 0.114 * b);
    } else {
      out[3 * p] = Math.round(r);
      out[3 * p + 1] = Math.round(g);
      out[3 * p + 2] = Math.round(b);
    }
  }
  return out;
}
