import { TrainerError } from './errors';

/**
 * Learning-rate and momentum schedules, as functions of the optimizer's update count, so that a
 * resume that restores the count (and the checkpointed schedule) continues them exactly. The
 * forms are pylearn2's, which Goodfellow et al. trained with (goodfeli/adversarial mnist.yaml).
 */
export interface ScheduleSpec {
  /**
   * Exponential decay factor d ≥ 1 (pylearn2 `ExponentialDecay.decay_factor`): update t
   * (1-based) uses η_t = max(η₀ / d^(t−1), minLr). 1 = constant η.
   */
  lrDecay: number;
  /** Floor of the decayed learning rate (pylearn2 `min_lr`; 0 = none). */
  minLr: number;
  /**
   * SGD momentum reached at update `momentumSaturate` (pylearn2 `MomentumAdjustor`): update t
   * uses μ_t = μ₀(1 − α) + α·μ_final, α = clamp((t − start)/(saturate − start), 0, 1).
   * Absent = constant momentum μ₀.
   */
  momentumFinal?: number;
  /** Update count at which the momentum ramp starts (default 0). */
  momentumStart: number;
  /** Update count at which the momentum reaches `momentumFinal`. */
  momentumSaturate: number;
}

/** The keys of a schedule, as in a training config. */
export const SCHEDULE_KEYS = [
  'lrDecay',
  'minLr',
  'momentumFinal',
  'momentumStart',
  'momentumSaturate',
] as const;

/** No schedule: constant learning rate and momentum. */
export const CONSTANT_SCHEDULE: Readonly<ScheduleSpec> = Object.freeze({
  lrDecay: 1,
  minLr: 0,
  momentumStart: 0,
  momentumSaturate: 0,
});

/** Fills in a partial schedule and checks it: d ≥ 1, minLr ≥ 0, μ_final in [0, 1), start ≤ saturate. */
export function resolveSchedule(spec: Partial<ScheduleSpec> = {}): ScheduleSpec {
  const s: ScheduleSpec = { ...CONSTANT_SCHEDULE, ...spec };
  const fail = (option: string, message: string): never => {
    throw new TrainerError('E_BAD_CONFIG', `${option} ${message}`, { option });
  };
  if (!(s.lrDecay >= 1) || !Number.isFinite(s.lrDecay))
    fail('lrDecay', `must be ≥ 1, got ${s.lrDecay}`);
  if (!(s.minLr >= 0)) fail('minLr', `must be ≥ 0, got ${s.minLr}`);
  if (s.momentumFinal !== undefined && !(s.momentumFinal >= 0 && s.momentumFinal < 1)) {
    fail('momentumFinal', `must be in [0, 1), got ${s.momentumFinal}`);
  }
  if (!(s.momentumStart >= 0) || !(s.momentumSaturate >= s.momentumStart)) {
    fail(
      'momentumSaturate',
      `must be ≥ momentumStart ≥ 0, got start ${s.momentumStart}, saturate ${s.momentumSaturate}`,
    );
  }
  return s;
}

/** η_t = max(η₀ / d^(t−1), minLr) for the 1-based update `t`. */
export function scheduledLr(lr0: number, s: ScheduleSpec, t: number): number {
  if (s.lrDecay === 1) return lr0;
  return Math.max(lr0 / s.lrDecay ** (t - 1), s.minLr);
}

/** μ_t = μ₀(1 − α) + α·μ_final, α = clamp((t − start)/(saturate − start), 0, 1); μ₀ without a ramp. */
export function scheduledMomentum(momentum0: number, s: ScheduleSpec, t: number): number {
  if (s.momentumFinal === undefined) return momentum0;
  const width = s.momentumSaturate - s.momentumStart;
  const alpha = width === 0 ? (t >= s.momentumStart ? 1 : 0) : (t - s.momentumStart) / width;
  const a = Math.min(1, Math.max(0, alpha));
  return momentum0 * (1 - a) + a * s.momentumFinal;
}
