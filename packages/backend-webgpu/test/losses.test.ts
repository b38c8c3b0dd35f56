// Every loss of @gantry/losses, the gradient penalty's and R1's double backprop, weight clipping
// and the optimizers' updates: webgpu (on SwiftShader) against tfjs's cpu.
import '@tensorflow/tfjs';
import { createRng } from '@gantry/core';
import { clipWeights, getLoss, gradientPenalty, LOSS_NAMES, r1Penalty } from '@gantry/losses';
import { dcganDiscriminator, mlpDiscriminator, trainableVariables } from '@gantry/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { relativeError, runOp } from './_compare';
import { realImages } from './_gan';
import { onBackend, useSwiftShader } from './_swiftshader';

const ss = await useSwiftShader();

/** As in kernels.test.ts: 400 float32 ulps of the result's scale. */
const TOLERANCE = 5e-5;

function expectAllClose(
  actual: Float32Array[],
  expected: Float32Array[],
  tolerance = TOLERANCE,
): void {
  expect(actual.length).toBe(expected.length);
  const errors = actual.map((a, i) => relativeError(a, expected[i] as Float32Array));
  for (const e of errors)
    expect(e, errors.map((x) => x.toExponential(1)).join(', ')).toBeLessThanOrEqual(tolerance);
}

type Penalty = (critic: (x: tf.Tensor) => tf.Tensor, real: tf.Tensor, fake: tf.Tensor) => tf.Scalar;

/** A penalty and its gradient with respect to every weight of a seeded critic, read back. */
async function penaltyAndGradients(
  backend: string,
  build: () => tfl.LayersModel,
  shape: [28, 28, 1],
  penalty: Penalty,
): Promise<Float32Array[]> {
  const data = await realImages(4, shape);
  return onBackend(backend, async () => {
    const d = build();
    const real = tf.tensor(data.subarray(0, 2 * 784), [2, ...shape]);
    const fake = tf.tensor(data.subarray(2 * 784), [2, ...shape]);
    const critic = (x: tf.Tensor) => d.apply(x, { training: true }) as tf.Tensor;
    const { value, grads } = tf.variableGrads(
      () => penalty(critic, real, fake),
      trainableVariables(d),
    );
    const out = [value, ...Object.values(grads)];
    const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose([real, fake, ...out]);
    d.dispose();
    return values;
  });
}

describe.skipIf(!ss.ok)('losses on webgpu match cpu', () => {
  for (const name of LOSS_NAMES) {
    it(`${name}: D and G losses and their gradients`, async () => {
      const loss = getLoss(name);
      const c = {
        name: `loss ${name}`,
        shapes: [
          [16, 1],
          [16, 1],
        ],
        fn: (real: tf.Tensor, fake: tf.Tensor) =>
          tf.stack([loss.discriminatorLoss(real, fake), loss.generatorLoss(fake, { real })]),
      };
      expectAllClose(await runOp('webgpu', c), await runOp('cpu', c));
    });
  }

  // Second-order gradients: ∂/∂θ of a function of ∂D/∂x, through conv, layer norm, LeakyReLU
  // and maxout (with @gantry/losses' second-order fixes of tensorflow/tfjs#3252 registered).
  const dcganCritic = () =>
    dcganDiscriminator({
      inputShape: [28, 28, 1],
      baseFilters: 2,
      normalization: 'layer',
      seed: 3,
    });
  const maxoutCritic = () =>
    mlpDiscriminator({
      inputShape: [28, 28, 1],
      hidden: [8],
      maxoutPieces: 3,
      dropout: 0,
      seed: 3,
    });
  const gp: Penalty = (critic, real, fake) =>
    gradientPenalty(critic, real, fake, { lambda: 10, rng: createRng('gp') });
  const r1: Penalty = (critic, real) => r1Penalty(critic, real, { gamma: 10 });
  const penalties: [string, () => tfl.LayersModel, Penalty][] = [
    ['gradient penalty, DCGAN critic with layer norm', dcganCritic, gp],
    ['R1, DCGAN critic with layer norm', dcganCritic, r1],
    ['gradient penalty, maxout MLP critic', maxoutCritic, gp],
  ];
  for (const [label, build, penalty] of penalties) {
    it(`${label}: value and ∂/∂θ (double backprop)`, async () => {
      const expected = await penaltyAndGradients('cpu', build, [28, 28, 1], penalty);
      const actual = await penaltyAndGradients('webgpu', build, [28, 28, 1], penalty);
      // A gradient of a gradient sums twice as many products: twice the tolerance.
      expectAllClose(actual, expected, 2 * TOLERANCE);
      expect(Math.abs((expected[0] as Float32Array)[0] as number)).toBeGreaterThan(1e-3);
    }, 120_000);
  }

  it('weight clipping and the Adam, RMSProp and momentum updates', async () => {
    const run = (backend: string) =>
      onBackend(backend, async () => {
        const rng = createRng('optimizers');
        const init = rng.fillNormal(new Float32Array(96));
        const grads = [0, 1, 2].map(() => rng.fillNormal(new Float32Array(96)));
        const optimizers = [
          tf.train.adam(0.01, 0.5, 0.999),
          tf.train.rmsprop(0.01, 0.9),
          tf.train.momentum(0.01, 0.9),
        ];
        const out: Float32Array[] = [];
        for (const opt of optimizers) {
          const v = tf.variable(tf.tensor(init, [8, 12]));
          for (const g of grads) {
            const gt = tf.tensor(g, [8, 12]);
            opt.applyGradients([{ name: v.name, tensor: gt }]);
            gt.dispose();
          }
          clipWeights([v], 0.5);
          out.push((await v.data()) as Float32Array);
          v.dispose();
          opt.dispose();
        }
        return out;
      });
    const expected = await run('cpu');
    expectAllClose(await run('webgpu'), expected);
    // Clipping bit: every value inside [−0.5, 0.5] and some at the bound.
    for (const v of expected) expect(Math.max(...v.map(Math.abs))).toBe(0.5);
  });
});
