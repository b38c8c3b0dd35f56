import * as tf from '@tensorflow/tfjs-core';
import { MetricError } from './errors';
import { createEvalContext, type EvalSubject } from './evalContext';
import type { EvalMetric } from './metric';
import { METRICS } from './metrics/index';
import type { EvalReport, EvaluateOptions, MetricName } from './report';

/** Metrics `gantry eval --metric` accepts (`all` picks those that apply to the data). */
export const METRIC_NAMES: readonly MetricName[] = Object.freeze(METRICS.map((m) => m.name));

/**
 * The metrics asked for, each checked against the subject: for `all`, those that do not apply
 * are skipped with their reason; one asked for by name that does not apply is an error. (The
 * checks read what the subject is, not its samples: `evaluateRun` calls this before drawing any.)
 */
export function pickMetrics(
  subject: EvalSubject,
  asked: EvaluateOptions['metrics'],
): { wanted: EvalMetric[]; skipped: EvalReport['skipped'] } {
  const all = asked === undefined || asked === 'all';
  for (const name of all ? [] : asked) {
    if (!METRIC_NAMES.includes(name)) {
      throw new MetricError(
        'E_INVALID_ARGUMENT',
        `unknown metric "${name}"; known: ${METRIC_NAMES.join(', ')}, all`,
        { option: 'metrics', value: name },
      );
    }
  }
  const requested = all ? METRICS : METRICS.filter((m) => asked.includes(m.name));
  const skipped: EvalReport['skipped'] = {};
  const wanted: EvalMetric[] = [];
  for (const metric of requested) {
    const reason = metric.appliesTo(subject);
    if (reason === null) wanted.push(metric);
    else if (all) skipped[metric.name] = reason;
    else {
      throw new MetricError('E_UNSUPPORTED', `--metric ${metric.name}: ${reason}`, {
        option: 'metrics',
        metric: metric.name,
      });
    }
  }
  return { wanted, skipped };
}

/**
 * Whether a run's scores follow Goodfellow et al.'s protocol (train on images the evaluation
 * does not use; MNIST: train 0–50,000, σ on 50,000–60,000), in words for the report.
 */
export function protocolNote(data: string, heldOut: boolean): string {
  if (heldOut) return 'followed: the run trained without the validation and test images';
  const test = data === 'mnist-sample' ? ' and the test digits' : '';
  return `not followed: the run trained on the validation images that chose the Parzen σ${test}; train with --hold-out (holdOut: true) to follow it`;
}

/**
 * Scores `subject` with every metric asked for, over one lazy context (features, splits and
 * D's outputs computed once), and returns the report.
 */
export async function scoreSubject(
  subject: EvalSubject,
  options: EvaluateOptions,
  started: number,
): Promise<EvalReport> {
  const { wanted, skipped } = pickMetrics(subject, options.metrics);
  const ctx = createEvalContext(subject, options);
  const report: EvalReport = {
    subject: subject.kind,
    data: subject.dataset.name,
    ...(subject.loss ? { loss: subject.loss.name } : {}),
    n: ctx.n,
    seed: ctx.seed,
    backend: tf.getBackend(),
    createdAt: new Date().toISOString(),
    seconds: 0,
    skipped,
  };
  const results: Partial<Record<MetricName, unknown>> = report;
  for (const metric of wanted) {
    const value = await metric.compute(ctx);
    if (!report.splits && !subject.toy) {
      const s = await ctx.splits();
      report.splits = {
        description: s.description,
        validation: s.validation.count,
        test: s.test.count,
        ...(subject.heldOut === undefined
          ? {}
          : { heldOut: subject.heldOut, protocol: protocolNote(s.data, subject.heldOut) }),
      };
    }
    results[metric.name] = value;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
