import type { ToyDistribution } from '@gantry/datasets';
import { type EvalMetric, forToys } from '../metric';
import { kernelJsd } from '../mixture';

/** JSD(p_data ‖ KDE of p_g) on a toy distribution with an exact density. */
export const jsdMetric: EvalMetric<'jsd'> = {
  name: 'jsd',
  appliesTo: (subject) =>
    forToys('jsd', subject) ??
    (subject.toy?.logDensity ? null : `${subject.dataset.name} has no exact density`),
  async compute(ctx) {
    ctx.progress('jsd', 0, 1);
    const toy = ctx.subject.toy as ToyDistribution;
    return kernelJsd(toy, ctx.subject.samples, { n: Math.min(ctx.n, 10_000), seed: ctx.seed });
  },
};
