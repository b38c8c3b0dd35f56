import { type GanLoss, getLoss, LOSS_NAMES } from '@gantry/losses';
import { theoryDiagnostics } from '../diagnostics';
import type { EvalMetric } from '../metric';
import { optimalDiscriminatorCheck } from '../optimalD';

/**
 * True when D's output is the logit of D(x) = P(x is real) of the value function V(D, G), so
 * that the theory diagnostics hold: a `logit` output (`GanLoss.output`) that is not relative to
 * the other batch (relativistic losses score D's outputs against each other, so σ of one
 * output is not that probability).
 */
export function readsDAsProbability(loss: GanLoss): boolean {
  return loss.output === 'logit' && !loss.generatorNeedsReal;
}

/** The losses of the registry for which {@link readsDAsProbability} holds. */
export const PROBABILITY_LOSSES: readonly string[] = Object.freeze(
  LOSS_NAMES.filter((name) => readsDAsProbability(getLoss(name))),
);

/**
 * What the trained D says: mean D(x), mean D(G(z)), V(D, G), its value at equilibrium under the
 * loss's label smoothing, the bound (V + log 4)/2 ≤ JSD, and on the Gaussian-mixture toys how
 * far D is from D* (so a flat D is not read as convergence).
 */
export const diagnosticsMetric: EvalMetric<'diagnostics'> = {
  name: 'diagnostics',
  appliesTo(subject) {
    if (subject.kind === 'real') return 'diagnostics need a trained discriminator';
    if (!subject.loss || !readsDAsProbability(subject.loss)) {
      return `diagnostics read D as a probability, which holds for the losses ${PROBABILITY_LOSSES.join(' and ')}, not ${subject.loss?.name}`;
    }
    return subject.discriminator ? null : 'the run has no checkpoint with a discriminator';
  },
  async compute(ctx) {
    const { real, fake, realPoints } = await ctx.discriminatorOutputs();
    const labelSmoothing = ctx.subject.loss?.options['labelSmoothing'] ?? 0;
    const diagnostics = theoryDiagnostics(real, fake, { labelSmoothing });
    const toy = ctx.subject.toy;
    if (!(toy?.modes && toy.modeStd !== undefined && realPoints)) return diagnostics;
    ctx.progress('D vs D*', 0, 1);
    const optimalD = optimalDiscriminatorCheck({
      toy,
      realPoints,
      fakePoints: ctx.subject.samples,
      realLogits: real,
      fakeLogits: fake,
      labelSmoothing,
    });
    return { ...diagnostics, optimalD };
  },
};
