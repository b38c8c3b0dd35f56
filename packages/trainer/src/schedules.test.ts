import { isGantryError } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './optimizers';
import { resolveSchedule, scheduledLr, scheduledMomentum } from './schedules';

describe('schedules (pylearn2 ExponentialDecay and MomentumAdjustor)', () => {
  beforeAll(useCpuBackend);

  it('decays η by the factor per update down to the floor', () => {
    // goodfeli/adversarial mnist.yaml: η₀ 0.1, decay_factor 1.000004, min_lr 1e-6.
    const s = resolveSchedule({ lrDecay: 1.000004, minLr: 1e-6 });
    expect(scheduledLr(0.1, s, 1)).toBe(0.1);
    expect(scheduledLr(0.1, s, 100_001)).toBeCloseTo(0.1 * Math.exp(-1e5 * Math.log(1.000004)), 12);
    expect(scheduledLr(0.1, s, 100_001)).toBeCloseTo(0.067032, 6);
    // η₀/dᵗ⁻¹ = 1e-6 at t − 1 = ln(1e5)/ln(1.000004) ≈ 2.878e6: the floor from there on.
    expect(scheduledLr(0.1, s, 3_000_000)).toBe(1e-6);
  });

  it('ramps the momentum linearly between start and saturate, flat outside', () => {
    const s = resolveSchedule({
      momentumFinal: 0.7,
      momentumStart: 500,
      momentumSaturate: 125_000,
    });
    expect(scheduledMomentum(0.5, s, 1)).toBe(0.5);
    expect(scheduledMomentum(0.5, s, 500)).toBe(0.5);
    expect(scheduledMomentum(0.5, s, 62_750)).toBeCloseTo(0.6, 12);
    expect(scheduledMomentum(0.5, s, 125_000)).toBeCloseTo(0.7, 12);
    expect(scheduledMomentum(0.5, s, 10_000_000)).toBeCloseTo(0.7, 12);
    expect(scheduledMomentum(0.5, resolveSchedule(), 10_000)).toBe(0.5);
  });

  it('SGD follows v ← μ_t v − η_t g, θ ← θ + v step by step', () => {
    const schedule = {
      lrDecay: 1.5,
      minLr: 0.02,
      momentumFinal: 0.9,
      momentumStart: 1,
      momentumSaturate: 4,
    };
    const opt = createOptimizer({ kind: 'sgd', lr: 0.2, momentum: 0.5, schedule });
    const theta = tf.variable(tf.tensor1d([2]));
    let x = 2;
    let v = 0;
    for (let t = 1; t <= 8; t++) {
      const g = tf.tidy(() => tf.sub(tf.mul(theta, 2), 1));
      opt.apply([theta], [g]);
      g.dispose();
      const lr = Math.max(0.2 / 1.5 ** (t - 1), 0.02);
      const mu = 0.5 + 0.4 * Math.min(1, Math.max(0, (t - 1) / 3));
      v = mu * v - lr * (2 * x - 1);
      x += v;
      expect(theta.dataSync()[0]).toBeCloseTo(x, 5);
    }
    expect(opt.getState().schedule).toEqual(resolveSchedule(schedule));
    theta.dispose();
    opt.dispose();
  });

  it('refuses a state saved under another schedule, and bad schedules', () => {
    const a = createOptimizer({ kind: 'sgd', lr: 0.1, schedule: { lrDecay: 1.01 } });
    const b = createOptimizer({ kind: 'sgd', lr: 0.1 });
    expect(() => b.setState(a.getState())).toThrowError(/optimizer state follows the schedule/);
    for (const [bad, pattern] of [
      [{ lrDecay: 0.9 }, /lrDecay must be ≥ 1, got 0.9/],
      [{ momentumFinal: 1 }, /momentumFinal must be in \[0, 1\), got 1/],
      [{ momentumStart: 5, momentumSaturate: 2 }, /momentumSaturate must be ≥ momentumStart/],
    ] as const) {
      try {
        resolveSchedule(bad);
        expect.unreachable();
      } catch (error) {
        expect(isGantryError(error, 'E_BAD_CONFIG')).toBe(true);
        expect((error as Error).message).toMatch(pattern);
      }
    }
    a.dispose();
    b.dispose();
  });
});
