import { findDataset, getToyDistribution } from '@gantry/datasets';
import { getLoss } from '@gantry/losses';
import { useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEvalContext, type EvalSubject } from './evalContext';
import { loadEvalSplits } from './evalData';
import { PROBABILITY_LOSSES } from './metrics/diagnostics';
import { METRICS } from './metrics/index';
import { METRIC_NAMES } from './scoreSubject';

beforeAll(() => useFastBackend(() => import('@gantry/backend-native')));

const reasons = (subject: EvalSubject) =>
  Object.fromEntries(METRICS.map((m) => [m.name, m.appliesTo(subject)]));

describe('the metric registry', () => {
  it('has one metric per name, in the order of the reports', () => {
    expect(METRIC_NAMES).toEqual(['parzen', 'fid', 'kid', 'score', 'modes', 'jsd', 'diagnostics']);
  });

  it('reads D as a probability exactly for the log losses (GanLoss.output)', () => {
    expect(PROBABILITY_LOSSES).toEqual(['minimax', 'non-saturating']);
  });

  it('says why each metric does or does not apply to a subject', () => {
    const ring = getToyDistribution('ring2d');
    const toy: EvalSubject = {
      kind: 'generator',
      dataset: findDataset('ring2d'),
      toy: ring,
      loss: getLoss('least-squares'),
      samples: new Float32Array(4),
      shape: [2, 2],
    };
    expect(reasons(toy)).toEqual({
      parzen: 'parzen scores images; ring2d is a toy distribution',
      fid: 'fid scores images; ring2d is a toy distribution',
      kid: 'kid scores images; ring2d is a toy distribution',
      score: 'score scores images; ring2d is a toy distribution',
      modes: null,
      jsd: null,
      diagnostics:
        'diagnostics read D as a probability, which holds for the losses minimax and non-saturating, not least-squares',
    });
    const cifar: EvalSubject = {
      kind: 'real',
      dataset: findDataset('cifar10'),
      samples: new Float32Array(0),
      shape: [0, 32, 32, 3],
    };
    expect(reasons(cifar)).toMatchObject({
      parzen: null,
      fid: 'fid needs a shipped classifier (MNIST or Fashion-MNIST); none fits cifar10',
      modes: 'modes is for 2-D/1-D toy data; cifar10 is images',
      diagnostics: 'diagnostics need a trained discriminator',
    });
  });
});

describe('the evaluation context', () => {
  it('computes the classifier outputs once for every metric that reads them, leaking nothing', async () => {
    const splits = await loadEvalSplits('mnist-sample');
    const n = 200;
    const samples = new Float32Array(n * 784);
    for (let i = 0; i < samples.length; i++)
      samples[i] = (splits.train.images[i] as number) / 127.5 - 1;
    const before = tf.memory().numTensors;
    const ctx = createEvalContext(
      {
        kind: 'real',
        dataset: findDataset('mnist-sample'),
        samples,
        shape: [n, 28, 28, 1],
        splits,
      },
      { seed: 0 },
    );
    const first = ctx.classifierOutputs();
    expect(ctx.classifierOutputs()).toBe(first);
    const outputs = await first;
    expect(outputs.generated.features).toMatchObject({ n, d: 128 });
    expect(outputs.reference.features.n).toBe(splits.test.count);
    const fid = await METRICS.find((m) => m.name === 'fid')?.compute(ctx);
    expect(fid).toMatchObject({ classifier: 'mnist', n, reference: 2000 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
