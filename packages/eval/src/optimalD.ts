import type { ToyDistribution } from '@gantry/datasets';
import { logAddExp, logSigmoidOf } from './_logs';
import { heldOutBandwidth } from './bandwidth';
import { MetricError } from './errors';
import { gaussianKde } from './kde';

/** How far a trained D is from the optimal D* (see {@link optimalDiscriminatorCheck}). */
export interface OptimalDCheck {
  /** Mean |D(x) − D*_ε(x)| over the scored real and generated points, D*_ε = (1 − ε)·D*. */
  meanAbsGap: number;
  /** (V(D*, G) + log 4)/2 on the same points: the JSD the bound reaches with an optimal D. */
  jsdAtOptimum: number;
  /**
   * (V((1 − ε)D*, G) − V(D, G))/2: what D leaves of the bound its own optimum would reach (≥ 0
   * up to sampling error; = jsdAtOptimum − jsdEstimate without smoothing).
   */
  slack: number;
  /**
   * True when D leaves more than half of the bound and more than {@link SLACK_FLOOR} nats:
   * slack > max(SLACK_FLOOR, jsdAtOptimum/2). Then V(D, G) and the bound say little about p_g.
   */
  far: boolean;
  /** Kernel width h of the estimate of p_g (and of the smoothing of p_data). */
  bandwidth: number;
  /** Real and generated points compared (each). */
  points: number;
}

/** Slack (nats) below which D is never reported far from D*: the estimate's own noise. */
export const SLACK_FLOOR = 0.005;

/**
 * log of p_data smoothed by the kernel, p_data * N(0, h²I): for an equal-weight mixture of
 * N(μ_k, σ²I) it is the same mixture with σ² + h² (so D* compares two densities smoothed alike).
 */
function smoothedMixture(toy: ToyDistribution, h: number): (y: ArrayLike<number>) => number {
  const modes = toy.modes as readonly (readonly number[])[];
  const s2 = (toy.modeStd as number) ** 2 + h * h;
  const logNorm = -0.5 * toy.dim * Math.log(2 * Math.PI * s2) - Math.log(modes.length);
  return (y) => {
    let acc = Number.NEGATIVE_INFINITY;
    for (const mu of modes) {
      let d2 = 0;
      for (let j = 0; j < toy.dim; j++) d2 += ((y[j] as number) - (mu[j] as number)) ** 2;
      acc = logAddExp(acc, -d2 / (2 * s2));
    }
    return logNorm + acc;
  };
}

/** Inputs of {@link optimalDiscriminatorCheck}: points (n·dim values) and D's logits on them. */
export interface OptimalDInput {
  toy: ToyDistribution;
  realPoints: ArrayLike<number>;
  fakePoints: ArrayLike<number>;
  realLogits: ArrayLike<number>;
  fakeLogits: ArrayLike<number>;
  /** One-sided label smoothing ε D was trained with: its optimum is (1 − ε)·D* (default 0). */
  labelSmoothing?: number;
  /** Points of each kind compared (default 2,000). */
  maxPoints?: number;
}

/**
 * Compares a trained D with the optimal D*(x) = p_data(x)/(p_data(x) + p_g(x)) of Goodfellow
 * et al.'s Proposition 1 on a Gaussian-mixture toy, where p_data is known: p_g is a Gaussian
 * kernel estimate of the generated points (width by held-out likelihood, leave-one-out at the
 * generated points themselves) and p_data is smoothed by the same kernel, so that the two are
 * compared alike. Reports mean |D − (1 − ε)D*| (the optimum under one-sided label smoothing ε
 * is (1 − ε)·D*), the bound (V(D*, G) + log 4)/2 that an optimal D would give, D's slack
 * against its own optimum, and whether D is far from it (leaves over half of the bound).
 *
 * @example
 * const check = optimalDiscriminatorCheck({ toy, realPoints, fakePoints, realLogits, fakeLogits });
 * if (check.far) console.log('D is not D*: its V(D, G) says little about p_g');
 */
export function optimalDiscriminatorCheck(input: OptimalDInput): OptimalDCheck {
  const { toy, fakePoints } = input;
  const { dim } = toy;
  if (!toy.modes || toy.modeStd === undefined) {
    throw new MetricError(
      'E_UNSUPPORTED',
      `${toy.name} is not a Gaussian mixture: D* needs its density smoothed by the kernel`,
      { data: toy.name },
    );
  }
  const eps = input.labelSmoothing ?? 0;
  const nFake = Math.floor(fakePoints.length / dim);
  const n = Math.min(input.maxPoints ?? 2000, input.realLogits.length, input.fakeLogits.length);
  const centres = Math.min(nFake, 5000);
  const kdePoints = Float64Array.from({ length: centres * dim }, (_, i) => fakePoints[i] as number);
  const h = heldOutBandwidth(kdePoints, centres, dim);
  const logPg = gaussianKde(kdePoints, dim, h);
  const logPd = smoothedMixture(toy, h);
  const logEps = Math.log(eps);
  let gap = 0;
  let vStar = 0;
  let vStarEps = 0;
  let vD = 0;
  const point = new Float64Array(dim);
  for (const side of ['real', 'fake'] as const) {
    const points = side === 'real' ? input.realPoints : fakePoints;
    const logits = side === 'real' ? input.realLogits : input.fakeLogits;
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < dim; j++) point[j] = points[t * dim + j] as number;
      const lp = logPd(point);
      const lq = logPg(point, side === 'fake' ? t : undefined);
      const logDStar = lp - logAddExp(lp, lq);
      const log1mDStar = lq - logAddExp(lp, lq);
      const logit = logits[t] as number;
      gap += Math.abs(Math.exp(logSigmoidOf(logit)) - (1 - eps) * Math.exp(logDStar));
      vStar += side === 'real' ? logDStar : log1mDStar;
      // log((1 − ε)D*) and log(1 − (1 − ε)D*) = log((1 − D*) + εD*).
      vStarEps +=
        side === 'real' ? Math.log1p(-eps) + logDStar : logAddExp(log1mDStar, logEps + logDStar);
      vD += side === 'real' ? logSigmoidOf(logit) : logSigmoidOf(-logit);
    }
  }
  const meanAbsGap = gap / (2 * n);
  const jsdAtOptimum = (vStar / n + Math.log(4)) / 2;
  const slack = (vStarEps - vD) / (2 * n);
  const far = slack > Math.max(SLACK_FLOOR, jsdAtOptimum / 2);
  return { meanAbsGap, jsdAtOptimum, slack, far, bandwidth: h, points: n };
}
