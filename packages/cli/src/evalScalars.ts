import type { EvalReport } from '@gantry/eval/node';

/**
 * The headline numbers of an evaluation report by name, for TensorBoard (`eval/<name>`) and the
 * sweep page's columns: parzen (mean log-likelihood, nats), fid, kid (mean), inception_score,
 * classes_hit, class_entropy, modes_pacgan, modes_veegan, modes_strict, high_quality_fraction, reverse_kl, jsd,
 * mean_d_real, mean_d_fake, value (V(D, G)), jsd_estimate, value_at_equilibrium and, on the
 * Gaussian-mixture toys, d_gap_to_optimal and jsd_at_optimal_d — each when its metric was computed.
 *
 * @example
 * evalScalars(report); // { fid: 31.2, kid: 0.012, inception_score: 8.1, … }
 */
export function evalScalars(r: Partial<EvalReport>): Record<string, number> {
  const out: Record<string, number> = {};
  if (r.parzen) out['parzen'] = r.parzen.mean;
  if (r.fid) out['fid'] = r.fid.value;
  if (r.kid) out['kid'] = r.kid.mean;
  if (r.score) {
    out['inception_score'] = r.score.inceptionScore.mean;
    out['classes_hit'] = r.score.coverage.classesHit;
    out['class_entropy'] = r.score.coverage.entropy;
  }
  if (r.modes) {
    out['modes_pacgan'] = r.modes.modesPacGan;
    out['modes_veegan'] = r.modes.modesVeegan;
    out['modes_strict'] = r.modes.modesStrict;
    out['high_quality_fraction'] = r.modes.highQualityFraction;
    out['reverse_kl'] = r.modes.reverseKl;
  }
  if (r.jsd) out['jsd'] = r.jsd.jsd;
  if (r.diagnostics) {
    out['mean_d_real'] = r.diagnostics.meanDReal;
    out['mean_d_fake'] = r.diagnostics.meanDFake;
    out['value'] = r.diagnostics.value;
    out['jsd_estimate'] = r.diagnostics.jsdEstimate;
    out['value_at_equilibrium'] = r.diagnostics.valueAtEquilibrium;
    const o = r.diagnostics.optimalD;
    if (o) {
      out['d_gap_to_optimal'] = o.meanAbsGap;
      out['jsd_at_optimal_d'] = o.jsdAtOptimum;
    }
  }
  return out;
}
