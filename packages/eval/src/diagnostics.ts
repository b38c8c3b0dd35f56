import { MetricError } from './errors';

/** What a trained discriminator says about the game (Goodfellow et al. 2014, §4). */
export interface TheoryDiagnostics {
  /** Mean D(x) = σ(logit) over real samples (→ ½ at the global optimum). */
  meanDReal: number;
  /** Mean D(G(z)) over generated samples (→ ½ at the global optimum). */
  meanDFake: number;
  /** V(D, G) = E log D(x) + E log(1 − D(G(z))) in nats (→ −log 4 at the optimum). */
  value: number;
  /**
   * (V(D, G) + log 4)/2: equals JSD(p_data ‖ p_g) when D is the optimal D*, a lower bound on it
   * otherwise (for the log-loss discriminators `minimax` and `non-saturating`).
   */
  jsdEstimate: number;
  nReal: number;
  nFake: number;
}

/** log σ(x) = −log(1 + e^(−x)), exact for large |x|. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
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

/**
 * Theory diagnostics from the logits of a trained log-loss discriminator on real and generated
 * samples: mean D(x), mean D(G(z)), V(D, G) = E log σ(r) + E log(1 − σ(f)) and the JSD estimate
 * (V + log 4)/2, all in Float64 with log σ and log(1 − σ) = log σ(−x) computed stably.
 *
 * @example
 * theoryDiagnostics([0, 0], [0, 0]); // { meanDReal: 0.5, meanDFake: 0.5, value: -log 4, jsdEstimate: 0, … }
 */
export function theoryDiagnostics(
  realLogits: ArrayLike<number>,
  fakeLogits: ArrayLike<number>,
): TheoryDiagnostics {
  check('realLogits', realLogits);
  check('fakeLogits', fakeLogits);
  let dReal = 0;
  let logDReal = 0;
  for (let i = 0; i < realLogits.length; i++) {
    const r = realLogits[i] as number;
    dReal += Math.exp(logSigmoid(r));
    logDReal += logSigmoid(r);
  }
  let dFake = 0;
  let log1mDFake = 0;
  for (let i = 0; i < fakeLogits.length; i++) {
    const f = fakeLogits[i] as number;
    dFake += Math.exp(logSigmoid(f));
    log1mDFake += logSigmoid(-f);
  }
  const value = logDReal / realLogits.length + log1mDFake / fakeLogits.length;
  return {
    meanDReal: dReal / realLogits.length,
    meanDFake: dFake / fakeLogits.length,
    value,
    jsdEstimate: (value + Math.log(4)) / 2,
    nReal: realLogits.length,
    nFake: fakeLogits.length,
  };
}
