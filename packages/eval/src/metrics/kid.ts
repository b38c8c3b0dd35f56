import { createRng } from '@gantry/core';
import { kernelInceptionDistance } from '../kid';
import { type EvalMetric, forClassifiedImages } from '../metric';

/** KID (Bińkowski et al. 2018) between classifier features of the samples and the test images. */
export const kidMetric: EvalMetric<'kid'> = {
  name: 'kid',
  appliesTo: (subject) => forClassifiedImages('kid', subject),
  async compute(ctx) {
    const { classifier, generated, reference } = await ctx.classifierOutputs();
    const kid = kernelInceptionDistance(generated.features, reference.features, {
      subsets: ctx.options.kidSubsets ?? 100,
      rng: createRng(`eval:kid:${ctx.seed}`),
    });
    return { ...kid, classifier: classifier.name };
  },
};
