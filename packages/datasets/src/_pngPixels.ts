import { ADAM7, type PngLayout, passSizes, rowBytes } from './_png';

type Fail = (reason: string) => Error;

/** The Paeth predictor of PNG's filter type 4: whichever of a, b, c is nearest to a + b − c. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Undoes the PNG filters, in place, of `rows` rows of `stride` bytes, each after its filter byte,
 * starting at `start`: 0 none, 1 sub, 2 up, 3 average, 4 Paeth, with `bpp` the byte distance to
 * the pixel on the left (at least 1); the row above the first is zeros. Another filter byte is
 * an error naming the row.
 */
function unfilter(
  raw: Uint8Array,
  start: number,
  rows: number,
  stride: number,
  bpp: number,
  fail: Fail,
) {
  for (let r = 0; r < rows; r++) {
    const line = start + r * (stride + 1) + 1;
    const filter = raw[line - 1] as number;
    const prev = line - stride - 1; // valid when r > 0
    if (filter === 0) continue;
    if (filter === 1) {
      for (let i = bpp; i < stride; i++)
        raw[line + i] = (raw[line + i] as number) + (raw[line + i - bpp] as number);
    } else if (filter === 2) {
      if (r > 0)
        for (let i = 0; i < stride; i++)
          raw[line + i] = (raw[line + i] as number) + (raw[prev + i] as number);
    } else if (filter === 3) {
      for (let i = 0; i < stride; i++) {
        const left = i >= bpp ? (raw[line + i - bpp] as number) : 0;
        const up = r > 0 ? (raw[prev + i] as number) : 0;
        raw[line + i] = (raw[line + i] as number) + ((left + up) >> 1);
      }
    } else if (filter === 4) {
      for (let i = 0; i < stride; i++) {
        const left = i >= bpp ? (raw[line + i - bpp] as number) : 0;
        const up = r > 0 ? (raw[prev + i] as number) : 0;
        const corner = r > 0 && i >= bpp ? (raw[prev + i - bpp] as number) : 0;
        raw[line + i] = (raw[line + i] as number) + paeth(left, up, corner);
      }
    } else {
      throw fail(`unknown filter type ${filter} in row ${r}`);
    }
  }
}

/** The common case, 8-bit grey/RGB with or without alpha: one row of `n` pixels to RGBA. */
function row8(
  raw: Uint8Array,
  line: number,
  n: number,
  out: Uint8Array,
  at: number,
  step: number,
  layout: PngLayout,
) {
  const { samples } = layout;
  const t = layout.transparent;
  for (let x = 0; x < n; x++, line += samples, at += step) {
    const a = raw[line] as number;
    if (samples <= 2) {
      out[at] = a;
      out[at + 1] = a;
      out[at + 2] = a;
      out[at + 3] = samples === 2 ? (raw[line + 1] as number) : 255;
      if (t !== undefined && a === t[0]) out.fill(0, at, at + 4);
    } else {
      const b = raw[line + 1] as number;
      const c = raw[line + 2] as number;
      out[at] = a;
      out[at + 1] = b;
      out[at + 2] = c;
      out[at + 3] = samples === 4 ? (raw[line + 3] as number) : 255;
      if (t !== undefined && a === t[0] && b === t[1] && c === t[2]) out.fill(0, at, at + 4);
    }
  }
}

/** Reads sample `s` of pixel `x` of the row at `line`, as an integer of `depth` bits. */
function sample(
  raw: Uint8Array,
  line: number,
  x: number,
  s: number,
  depth: number,
  samples: number,
) {
  if (depth === 8) return raw[line + x * samples + s] as number;
  if (depth === 16) {
    const at = line + 2 * (x * samples + s);
    return ((raw[at] as number) << 8) | (raw[at + 1] as number);
  }
  const bit = x * depth; // depths 1, 2, 4: one sample per pixel, packed from the high bit
  return ((raw[line + (bit >> 3)] as number) >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}

/** Any other pixel (palette, depths 1, 2, 4, 16) as RGBA 8-bit, the way pngjs does it. */
function writePixel(out: Uint8Array, at: number, v: number[], layout: PngLayout, fail: Fail) {
  if (layout.colorType === 3) {
    const palette = layout.palette as Uint8Array;
    const i = v[0] as number;
    if (4 * i >= palette.length)
      throw fail(`palette index ${i} beyond the ${palette.length / 4} PLTE entries`);
    out.set(palette.subarray(4 * i, 4 * i + 4), at);
    return;
  }
  const max = 2 ** layout.bitDepth - 1;
  const [a, b, c, d] = v as [number, number, number, number];
  const grey = layout.samples <= 2;
  const alpha = layout.samples === 2 ? b : layout.samples === 4 ? d : max;
  const t = layout.transparent;
  const clear = t !== undefined && (grey ? a === t[0] : a === t[0] && b === t[1] && c === t[2]);
  const channels = [
    clear ? 0 : a,
    clear ? 0 : grey ? a : b,
    clear ? 0 : grey ? a : c,
    clear ? 0 : alpha,
  ];
  for (let k = 0; k < 4; k++) out[at + k] = Math.floor(((channels[k] as number) * 255) / max + 0.5);
}

/**
 * Turns inflated PNG image data (exactly `layout.inflatedBytes`, checked before) into RGBA 8-bit
 * pixels: per pass (one, or Adam7's seven), unfilter the rows, then read every sample (1, 2, 4,
 * 8 or 16 bits) and write the pixel: palette entries with tRNS alpha, grey and colour with their
 * alpha or the tRNS colour made transparent (0, 0, 0, 0), depths other than 8 scaled to 0..255 as
 * ⌊v·255/(2^depth − 1) + ½⌋.
 */
export function toRgba(layout: PngLayout, raw: Uint8Array, fail: Fail): Uint8Array {
  const { width, samples, bitDepth } = layout;
  const bits = samples * bitDepth;
  const bpp = Math.max(1, bits >> 3);
  const out = new Uint8Array(width * layout.height * 4);
  const v = [0, 0, 0, 0];
  const passes = passSizes(width, layout.height, layout.interlaced);
  const origins = layout.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let start = 0;
  for (const [p, [pw, ph]] of passes.entries()) {
    const stride = rowBytes(pw, bits) - 1;
    if (stride < 0 || ph === 0) continue;
    unfilter(raw, start, ph, stride, bpp, fail);
    const [x0, y0, dx, dy] = origins[p] as readonly [number, number, number, number];
    const fast = bitDepth === 8 && layout.colorType !== 3;
    for (let y = 0; y < ph; y++) {
      const line = start + y * (stride + 1) + 1;
      const at = 4 * ((y0 + y * dy) * width + x0);
      if (fast) row8(raw, line, pw, out, at, 4 * dx, layout);
      else {
        for (let x = 0; x < pw; x++) {
          for (let s = 0; s < samples; s++) v[s] = sample(raw, line, x, s, bitDepth, samples);
          writePixel(out, at + 4 * dx * x, v, layout, fail);
        }
      }
    }
    start += ph * (stride + 1);
  }
  return out;
}
