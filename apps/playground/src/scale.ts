/** A linear map from a data interval to a pixel interval (either may be reversed). */
export interface LinearScale {
  (value: number): number;
  invert(pixel: number): number;
  domain: [number, number];
  range: [number, number];
}

/**
 * The linear map sending d0 → r0 and d1 → r1; a zero-width domain maps everything to the middle
 * of the range.
 *
 * @example
 * linearScale([0, 1], [100, 0])(0.25); // 75
 */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) =>
    k === 0 ? (r0 + r1) / 2 : r0 + (value - d0) * k) as LinearScale;
  scale.invert = (pixel: number) => (k === 0 ? d0 : d0 + (pixel - r0) / k);
  scale.domain = [d0, d1];
  scale.range = [r0, r1];
  return scale;
}

/**
 * Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10ⁿ, about `count` of them, each
 * inside the interval.
 *
 * @example
 * niceTicks(0, 1, 5); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi <= lo || count < 1) return [];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const step = (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) {
    // Round away binary noise (0.30000000000000004) while keeping the step's precision.
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/** A number for an axis or a readout: fixed digits for moderate values, exponent otherwise. */
export function formatNumber(value: number, digits = 3): string {
  if (value === null || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const a = Math.abs(value);
  if (a !== 0 && (a < 10 ** -digits || a >= 1e5)) return value.toExponential(1);
  return Number(value.toFixed(digits)).toString();
}
