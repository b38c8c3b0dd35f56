import { logSigmoidOf } from './_logs';
import { MetricError } from './errors';
import type { OptimalDCheck } from './optimalD';

/** What a trained discriminator says about the game (Goodfellow et al. 2014, §4). */
export interface TheoryDiagnostics {
  /** Mean D(x) = σ(logit) over real samples (→ ½ at the global optimum; (1 − ε)/2 smoothed). */
  meanDReal: number;
  /** Mean D(G(z)) over generated samples (→ ½ at the global optimum; (1 − ε)/2 smoothed). */
  meanDFake: number;
  /** V(D, G) = E log D(x) + E log(1 − D(G(z))) in nats, on the samples. */
  value: number;
  /**
   * V at p_g = p_data for the D this loss trains, D = (1 − ε)/2 under one-sided label smoothing
   * ε: log((1 − ε)/2) + log((1 + ε)/2) = log(1 − ε²) − log 4 (−log 4 without smoothing).
   */
  valueAtEquilibrium: number;
  /** The one-sided label smoothing ε of the loss (0: none). */
  labelSmoothing: number;
  /**
   * (V(D, G) + log 4)/2. Since V(D, G) ≤ max_D V = C(G) = −log 4 + 2·JSD, this is a lower
   * bound on JSD(p_data ‖ p_g) for every D, equal to it only for the optimal D* =
   * p_data/(p_data + p_g): a flat D (½ everywhere) gives 0 whatever G is, so a small value
   * says "converged" only when D is near D* (see `optimalD` on the Gaussian-mixture toys). It
   * is a sample mean, so it can be slightly negative; under label smoothing it tends to
   * log(1 − ε²)/2 < 0 at equilibrium.
   */
  jsdEstimate: number;
  /** How far D is from D*, where the data's density is known (Gaussian-mixture toys). */
  optimalD?: OptimalDCheck;
  nReal: number;
  nFake: number;
}

function check(name: string, logits: ArrayLike<number>): void {
  if (logits === null || typeof logits !== 'object' || !(logits.length >= 1)) {
    throw new MetricError('E_TOO_FEW_SAMPLES', `${name} must hold at least one logit`, {
      option: name,
    });
  }
  for (let i = 0; i < logits.length; i++) {
    if (!Number.isFinite(logits[i])) {
      throw new MetricError(
        'E_INVALID_ARGUMENT',
        `${name}[${i}] is ${logits[i]}: the discriminator output must be finite`,
        { option: name, index: i },
      );
    }
  }
}

/** Options of {@link theoryDiagnostics}. */
export interface TheoryDiagnosticsOptions {
  /** One-sided label smoothing ε the discriminator was trained with (default 0). */
  labelSmoothing?: number;
}

/**
 * Theory diagnostics from the logits of a trained log-loss discriminator on real and generated
 * samples: mean D(x), mean D(G(z)), V(D, G) = E log σ(r) + E log(1 − σ(f)), its value at
 * equilibrium and the bound (V + log 4)/2 ≤ JSD, all in Float64 with log σ and
 * log(1 − σ) = log σ(−x) computed stably.
 *
 * @example
 * theoryDiagnostics([0, 0], [0, 0]); // { meanDReal: 0.5, meanDFake: 0.5, value: -log 4, jsdEstimate: 0, … }
 */
export function theoryDiagnostics(
  realLogits: ArrayLike<number>,
  fakeLogits: ArrayLike<number>,
  options: TheoryDiagnosticsOptions = {},
): TheoryDiagnostics {
  check('realLogits', realLogits);
  check('fakeLogits', fakeLogits);
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) {
    throw new MetricError('E_INVALID_ARGUMENT', `labelSmoothing must be in [0, 1), got ${eps}`, {
      option: 'labelSmoothing',
    });
  }
  let dReal = 0;
  let logDReal = 0;
  for (let i = 0; i < realLogits.length; i++) {
    const r = realLogits[i] as number;
    dReal += Math.exp(logSigmoidOf(r));
    logDReal += logSigmoidOf(r);
  }
  let dFake = 0;
  let log1mDFake = 0;
  for (let i = 0; i < fakeLogits.length; i++) {
    const f = fakeLogits[i] as number;
    dFake += Math.exp(logSigmoidOf(f));
    log1mDFake += logSigmoidOf(-f);
  }
  const value = logDReal / realLogits.length + log1mDFake / fakeLogits.length;
  return {
    meanDReal: dReal / realLogits.length,
    meanDFake: dFake / fakeLogits.length,
    value,
    valueAtEquilibrium: Math.log1p(-eps * eps) - Math.log(4),
    labelSmoothing: eps,
    jsdEstimate: (value + Math.log(4)) / 2,
    nReal: realLogits.length,
    nFake: fakeLogits.length,
  };
}
