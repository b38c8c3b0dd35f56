import type { ToyDistribution } from '@gantry/datasets';
import { type EvalMetric, forToys } from '../metric';
import { modeMetrics } from '../mixture';

/** Modes captured, high-quality samples and reverse KL on a toy mixture (VEEGAN, PacGAN). */
export const modesMetric: EvalMetric<'modes'> = {
  name: 'modes',
  appliesTo: (subject) =>
    forToys('modes', subject) ??
    (subject.toy?.modes ? null : `${subject.dataset.name} has no list of modes`),
  async compute(ctx) {
    const toy = ctx.subject.toy as ToyDistribution;
    ctx.progress('modes', 0, 1);
    return modeMetrics(ctx.subject.samples, toy.dim, {
      modes: toy.modes ?? [],
      std: toy.modeStd ?? 1,
    });
  },
};
