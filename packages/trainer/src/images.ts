import { TrainerError } from './errors';

/** An RGBA raster, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  /** Value range of the pixels, mapped linearly to 0…255 (default [−1, 1], a tanh generator). */
  range?: [number, number];
  /** Images per row (default ⌈√count⌉). */
  columns?: number;
  /** Gap between images in pixels (default 2). */
  padding?: number;
}

/**
 * Tiles `count` NHWC images into one RGBA grid: pixel v ↦ round(255·(v − lo)/(hi − lo)),
 * clamped to 0…255; gaps are dark grey.
 *
 * @example
 * const grid = imageGrid(generated.dataSync(), { count: 64, height: 28, width: 28, channels: 1 });
 */
export function imageGrid(pixels: ArrayLike<number>, options: ImageGridOptions): RgbaImage {
  const { count, height, width, channels, range = [-1, 1], padding = 2 } = options;
  const expected = count * height * width * channels;
  if (pixels.length !== expected) {
    throw new TrainerError(
      'E_DATA',
      `imageGrid: got ${pixels.length} values, expected ${count}×${height}×${width}×${channels} = ${expected}`,
    );
  }
  const columns = options.columns ?? Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const gridW = columns * width + (columns + 1) * padding;
  const gridH = rows * height + (rows + 1) * padding;
  const data = new Uint8Array(gridW * gridH * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 40;
    data[i + 1] = 40;
    data[i + 2] = 40;
    data[i + 3] = 255;
  }
  const [lo, hi] = range;
  const scale = 255 / (hi - lo);
  const toByte = (v: number) => Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
  for (let n = 0; n < count; n++) {
    const x0 = padding + (n % columns) * (width + padding);
    const y0 = padding + Math.floor(n / columns) * (height + padding);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = ((n * height + y) * width + x) * channels;
        const dst = ((y0 + y) * gridW + x0 + x) * 4;
        for (let c = 0; c < 3; c++)
          data[dst + c] = toByte(pixels[src + (channels === 3 ? c : 0)] as number);
      }
    }
  }
  return { width: gridW, height: gridH, data };
}

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions {
  /** Real points, `dim` values per point. */
  real: ArrayLike<number>;
  /** Generated points, `dim` values per point. */
  fake: ArrayLike<number>;
  dim: 1 | 2;
  /** Side of the square image in pixels (default 400). */
  size?: number;
}

/**
 * Draws real (blue) and generated (orange) samples: a scatter plot for 2-D data, two
 * overlaid histograms for 1-D data. The view fits both sets with a 5% margin.
 *
 * @example
 * const png = scatterPlot({ real, fake, dim: 2 });
 */
export function scatterPlot(options: ScatterPlotOptions): RgbaImage {
  const { real, fake, dim, size = 400 } = options;
  const data = new Uint8Array(size * size * 4).fill(255);
  const all = [...Array.from(real), ...Array.from(fake)].filter(Number.isFinite);
  const axis = (offset: number) => {
    const values = all.filter((_, i) => i % dim === offset);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const pad = (max - min || 1) * 0.05;
    return [min - pad, max + pad] as const;
  };
  const [x0, x1] = axis(0);
  const put = (px: number, py: number, rgb: readonly number[]) => {
    if (px < 0 || py < 0 || px >= size || py >= size) return;
    const i = (py * size + px) * 4;
    data[i] = rgb[0] as number;
    data[i + 1] = rgb[1] as number;
    data[i + 2] = rgb[2] as number;
  };
  const blue = [31, 119, 180];
  const orange = [255, 127, 14];
  if (dim === 2) {
    const [y0, y1] = axis(1);
    const plot = (points: ArrayLike<number>, rgb: readonly number[]) => {
      for (let i = 0; i + 1 < points.length; i += 2) {
        const px = Math.round((((points[i] as number) - x0) / (x1 - x0)) * (size - 1));
        const py = Math.round((1 - ((points[i + 1] as number) - y0) / (y1 - y0)) * (size - 1));
        for (let dx = -1; dx <= 1; dx++)
          for (let dy = -1; dy <= 1; dy++) put(px + dx, py + dy, rgb);
      }
    };
    plot(real, blue);
    plot(fake, orange);
  } else {
    const bins = 100;
    const histogram = (points: ArrayLike<number>) => {
      const h = new Array<number>(bins).fill(0);
      for (let i = 0; i < points.length; i++) {
        const b = Math.floor((((points[i] as number) - x0) / (x1 - x0)) * bins);
        if (b >= 0 && b < bins) h[b] = (h[b] as number) + 1;
      }
      return h;
    };
    const hr = histogram(real);
    const hf = histogram(fake);
    const peak = Math.max(...hr, ...hf, 1);
    const binW = size / bins;
    const bars = (h: number[], rgb: readonly number[], left: boolean) => {
      h.forEach((count, b) => {
        const top = Math.round((1 - count / peak) * (size - 1));
        const start = Math.floor(b * binW + (left ? 0 : binW / 2));
        for (let px = start; px < start + Math.max(1, Math.floor(binW / 2)); px++) {
          for (let py = top; py < size; py++) put(px, py, rgb);
        }
      });
    };
    bars(hr, blue, true);
    bars(hf, orange, false);
  }
  return { width: size, height: size, data };
}
