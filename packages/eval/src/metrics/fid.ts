import { frechetDistance } from '../frechet';
import { type EvalMetric, forClassifiedImages } from '../metric';

/** The Fréchet distance between classifier features of the samples and of the test images. */
export const fidMetric: EvalMetric<'fid'> = {
  name: 'fid',
  appliesTo: (subject) => forClassifiedImages('fid', subject),
  async compute(ctx) {
    const { classifier, generated, reference } = await ctx.classifierOutputs();
    return {
      value: frechetDistance(generated.features, reference.features),
      classifier: classifier.name,
      n: ctx.n,
      reference: reference.features.n,
    };
  },
};
