/** Colours shared by every view (GAN Lab's convention: green = real, purple = fake). */
export const COLORS = {
  data: '#1b1b1b',
  real: '#1a9850',
  fake: '#7b3294',
  discriminator: '#2166ac',
  optimum: '#e66101',
  criterion: '#b2182b',
  jsd: '#4d9221',
  value: '#2166ac',
  reference: '#888888',
  grid: '#e5e5e5',
  axis: '#444444',
  arrow: '#d01c8b',
  loaded: '#8c510a',
} as const;

/** RGB of the heat map's ends and middle: fake-looking (purple), undecided (white), real (green). */
const FAKE_RGB = [123, 50, 148] as const;
const MID_RGB = [247, 247, 247] as const;
const REAL_RGB = [26, 152, 80] as const;

/**
 * Heat-map colour of a D value: `mid` (D's undecided value, e.g. ½) is white, `hi` full green
 * ("real"), `lo` full purple ("fake"); values beyond are clamped. Returns [r, g, b] in 0…255.
 *
 * @example
 * heatColor(0.5, 0, 0.5, 1); // [247, 247, 247]
 */
export function heatColor(
  value: number,
  lo: number,
  mid: number,
  hi: number,
): [number, number, number] {
  let t: number;
  let end: readonly number[];
  if (!Number.isFinite(value)) return [MID_RGB[0], MID_RGB[1], MID_RGB[2]];
  if (value >= mid) {
    t = hi > mid ? Math.min(1, (value - mid) / (hi - mid)) : 0;
    end = REAL_RGB;
  } else {
    t = mid > lo ? Math.min(1, (mid - value) / (mid - lo)) : 0;
    end = FAKE_RGB;
  }
  return [0, 1, 2].map((i) =>
    Math.round((MID_RGB[i] as number) + t * ((end[i] as number) - (MID_RGB[i] as number))),
  ) as [number, number, number];
}
