import { type EvalMetric, forClassifiedImages } from '../metric';
import { classCoverage, inceptionScore } from '../score';

/** Inception-style score (10 splits from 100 samples on) and class coverage of the samples. */
export const inceptionScoreMetric: EvalMetric<'score'> = {
  name: 'score',
  appliesTo: (subject) => forClassifiedImages('score', subject),
  async compute(ctx) {
    const { classifier, generated } = await ctx.classifierOutputs();
    const { n } = ctx;
    const k = classifier.numClasses;
    const is = inceptionScore(generated.probs, n, k, { splits: n >= 100 ? 10 : 1 });
    return {
      inceptionScore: { mean: is.mean, std: is.std, splits: is.splits },
      coverage: classCoverage({ probs: generated.probs, n, k }),
      classNames: classifier.classNames,
      classifier: classifier.name,
    };
  },
};
