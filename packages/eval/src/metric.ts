import type { EvalContext, EvalSubject } from './evalContext';
import type { MetricName, MetricResults } from './report';

/**
 * One metric of `gantry eval` (the shape of torchgan's `EvaluationMetric`): its name, whether
 * it applies to a subject (`null`, or the reason it does not, in words for the report), and
 * how to compute it from the shared lazy {@link EvalContext}.
 */
export interface EvalMetric<K extends MetricName = MetricName> {
  readonly name: K;
  appliesTo(subject: EvalSubject): string | null;
  compute(ctx: EvalContext): Promise<MetricResults[K]>;
}

/** `null` for image data, else why `metric` does not apply. */
export function forImages(metric: MetricName, subject: EvalSubject): string | null {
  return subject.toy
    ? `${metric} scores images; ${subject.dataset.name} is a toy distribution`
    : null;
}

/** `null` for toy data, else why `metric` does not apply. */
export function forToys(metric: MetricName, subject: EvalSubject): string | null {
  return subject.toy
    ? null
    : `${metric} is for 2-D/1-D toy data; ${subject.dataset.name} is images`;
}

/** `null` for images that a shipped classifier fits, else why `metric` does not apply. */
export function forClassifiedImages(metric: MetricName, subject: EvalSubject): string | null {
  const images = forImages(metric, subject);
  if (images) return images;
  return subject.dataset.classifier
    ? null
    : `${metric} needs a shipped classifier (MNIST or Fashion-MNIST); none fits ${subject.dataset.name}`;
}
