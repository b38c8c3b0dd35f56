import type { GanLoss } from '@gantry/losses';

/** How the views read D's raw output for a loss. */
export interface Readout {
  /** Axis label, e.g. `D(x) = σ(logit)`. */
  label: string;
  /** True when the drawn value is σ(raw) (log losses); false when it is the raw score. */
  sigmoid: boolean;
  /** Fixed axis range, or `null` to fit the values drawn. */
  range: [number, number] | null;
  /**
   * What a free D outputs everywhere once p_g = p_data: ½ for log losses, (a + b)/2 for least
   * squares, 0 for hinge; `null` where any constant is optimal (Wasserstein, relativistic).
   */
  equilibrium: number | null;
}

/** σ(x) = 1/(1 + e^(−x)), without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The readout of a loss's discriminator: a probability σ(logit) for `minimax` and
 * `non-saturating`; the raw score otherwise, with the range its codes fix where they do.
 *
 * @example
 * readoutFor(getLoss('lsgan-chi2')).equilibrium; // 0 = (a + b)/2 with (a, b) = (−1, 1)
 */
export function readoutFor(loss: GanLoss): Readout {
  const o = loss.options;
  switch (loss.name) {
    case 'minimax':
    case 'non-saturating':
      return { label: 'D(x) = σ(logit)', sigmoid: true, range: [0, 1], equilibrium: 0.5 };
    case 'least-squares':
    case 'lsgan':
    case 'lsgan-chi2':
    case 'regularized-least-squares': {
      const a = o['a'] ?? 0;
      const b = o['b'] ?? 1;
      const pad = 0.25 * Math.abs(b - a);
      return {
        label: `D(x), score (fake code a = ${a}, real code b = ${b})`,
        sigmoid: false,
        range: [Math.min(a, b) - pad, Math.max(a, b) + pad],
        equilibrium: (a + b) / 2,
      };
    }
    case 'hinge':
      return { label: 'D(x), hinge score', sigmoid: false, range: [-1.5, 1.5], equilibrium: 0 };
    default:
      // wasserstein, wasserstein-gp, relativistic-average: D is defined up to a constant.
      return {
        label:
          loss.output === 'logit' ? 'D(x), raw logit (relative)' : 'D(x), critic score (relative)',
        sigmoid: false,
        range: null,
        equilibrium: null,
      };
  }
}

/** The drawn value of each raw output. */
export function readValues(readout: Readout, raw: ArrayLike<number>): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] as number;
    out[i] = readout.sigmoid ? sigmoid(v) : v;
  }
  return out;
}

/**
 * The axis range for drawn values: the readout's fixed range, widened to hold `extra` values
 * (e.g. the optimum); or, for `null`, the values' own range padded by 10% (±0.5 around a
 * constant).
 *
 * @example
 * valueRange({ ...readout, range: null }, [1, 3]); // [0.8, 3.2]
 */
export function valueRange(
  readout: Readout,
  values: ArrayLike<number>,
  extra: ArrayLike<number> = [],
): [number, number] {
  if (readout.range) return readout.range;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const list of [values, extra]) {
    for (let i = 0; i < list.length; i++) {
      const v = list[i] as number;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return [-1, 1];
  if (hi - lo < 1e-9) return [lo - 0.5, hi + 0.5];
  const pad = 0.1 * (hi - lo);
  return [lo - pad, hi + pad];
}
