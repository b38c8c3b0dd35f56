import { OPTIMIZER_UPDATE_KERNEL, type OptimizerUpdateAttrs } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { TrainerError } from './errors';
import { resolveSchedule, type ScheduleSpec, scheduledLr, scheduledMomentum } from './schedules';

/** Optimizer families of the study notes: SGD + momentum (Goodfellow), Adam (DCGAN), RMSProp (WGAN). */
export const OPTIMIZER_KINDS = ['sgd', 'adam', 'rmsprop'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** Hyper-parameters of one network's optimizer. */
export interface OptimizerSpec {
  kind: OptimizerKind;
  /** Learning rate η. */
  lr: number;
  /** Adam β₁ (default 0.5, as in DCGAN). */
  beta1?: number;
  /** Adam β₂ (default 0.999). */
  beta2?: number;
  /** SGD momentum μ (default 0.5, Goodfellow et al.'s starting value). */
  momentum?: number;
  /** RMSProp decay α (default 0.99). */
  decay?: number;
  /** Added to denominators (default 1e-8). */
  epsilon?: number;
  /** Learning-rate decay and SGD momentum ramp over the updates (default: constant). */
  schedule?: Partial<ScheduleSpec>;
}

/** An {@link OptimizerSpec} with every default filled in. */
export type ResolvedOptimizerSpec = Required<Omit<OptimizerSpec, 'schedule'>> & {
  schedule: ScheduleSpec;
};

/** Serialisable optimizer state: the update count and each slot tensor's values. */
export interface OptimizerState {
  kind: OptimizerKind;
  t: number;
  /** The schedule the updates followed (absent in old checkpoints: constant). */
  schedule?: ScheduleSpec;
  /** slots[i][j]: slot j (e.g. Adam's m, v) of variable i, row-major float32. */
  slots: { shape: number[]; values: Float32Array }[][];
}

/** An optimizer with explicit, exactly restorable state (unlike tf.train's, whose Adam recomputes β^t). */
export interface GanOptimizer {
  readonly spec: ResolvedOptimizerSpec;
  /** θᵢ ← update(θᵢ, gᵢ) for every pair, in order; grads are not disposed. */
  apply(variables: readonly tf.Variable[], grads: readonly tf.Tensor[]): void;
  getState(): OptimizerState;
  /** {@link GanOptimizer.getState} with asynchronous reads (GPU backends cannot read synchronously). */
  getStateAsync(): Promise<OptimizerState>;
  setState(state: OptimizerState): void;
  dispose(): void;
}

const SLOT_COUNT: Record<OptimizerKind, number> = { sgd: 1, adam: 2, rmsprop: 1 };

/** Options of {@link createOptimizer} that do not change the math. */
export interface CreateOptimizerOptions {
  /**
   * Use the backend's fused update (`OPTIMIZER_UPDATE_KERNEL` of @gantry/core: one kernel per
   * variable, the same bits) where the active backend registers one (default true).
   */
  fused?: boolean;
}

/**
 * The float32 constants of one update as the separate ops use them (each number a tensor
 * operand rounds to float32), in the order of `OPTIMIZER_UPDATE_KERNEL`.
 */
function updateConstants(
  s: ResolvedOptimizerSpec,
  lr: number,
  momentum: number,
  t: number,
): number[] {
  const c =
    s.kind === 'sgd'
      ? [momentum, lr]
      : s.kind === 'adam'
        ? [s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, lr / (1 - s.beta1 ** t), 1 - s.beta2 ** t]
        : [s.decay, 1 - s.decay, lr];
  return [...c, ...(s.kind === 'sgd' ? [] : [s.epsilon])].map(Math.fround);
}

/** θ and the slots after one fused update (the kernel's outputs: [θ', slot₀', slot₁'?]). */
function fusedUpdate(
  kind: OptimizerKind,
  variable: tf.Variable,
  g: tf.Tensor,
  slot: tf.Variable[],
  constants: number[],
): void {
  const inputs = {
    x: variable,
    g,
    s0: slot[0] as tf.Variable,
    ...(slot[1] ? { s1: slot[1] } : {}),
  };
  const attrs: OptimizerUpdateAttrs = { kind, constants };
  const [x, ...slots] = tf
    .engine()
    .runKernel(OPTIMIZER_UPDATE_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  variable.assign(x as tf.Tensor);
  slots.forEach((value, j) => (slot[j] as tf.Variable).assign(value));
}

/** Fills in the defaults of a spec and checks its values. */
export function resolveOptimizerSpec(spec: OptimizerSpec): ResolvedOptimizerSpec {
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(spec.kind)) {
    throw new TrainerError(
      'E_BAD_CONFIG',
      `unknown optimizer "${spec.kind}"; known: ${OPTIMIZER_KINDS.join(', ')}`,
      { option: 'optimizer' },
    );
  }
  const full = {
    kind: spec.kind,
    lr: spec.lr,
    beta1: spec.beta1 ?? 0.5,
    beta2: spec.beta2 ?? 0.999,
    momentum: spec.momentum ?? 0.5,
    decay: spec.decay ?? 0.99,
    epsilon: spec.epsilon ?? 1e-8,
    schedule: resolveSchedule(spec.schedule),
  };
  const check = (key: string, value: number, ok: boolean, want: string) => {
    if (!ok) {
      throw new TrainerError('E_BAD_CONFIG', `optimizer ${key} must be ${want}, got ${value}`, {
        option: key,
      });
    }
  };
  check('lr', full.lr, full.lr > 0 && Number.isFinite(full.lr), 'a positive number');
  check('beta1', full.beta1, full.beta1 >= 0 && full.beta1 < 1, 'in [0, 1)');
  check('beta2', full.beta2, full.beta2 >= 0 && full.beta2 < 1, 'in [0, 1)');
  check('momentum', full.momentum, full.momentum >= 0 && full.momentum < 1, 'in [0, 1)');
  check('decay', full.decay, full.decay >= 0 && full.decay < 1, 'in [0, 1)');
  check('epsilon', full.epsilon, full.epsilon > 0, 'positive');
  return full;
}

/**
 * Creates an optimizer. Updates, with g the gradient, t the step count and η = η_t, μ = μ_t
 * from the schedule ({@link scheduledLr}, {@link scheduledMomentum}):
 * - sgd:     v ← μv − ηg;  θ ← θ + v
 * - adam:    m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * - rmsprop: s ← αs + (1−α)g²;  θ ← θ − η·g / (√s + ε)
 *
 * @example
 * const opt = createOptimizer({ kind: 'adam', lr: 2e-4, beta1: 0.5 });
 * opt.apply(vars, grads);
 */
export function createOptimizer(
  spec: OptimizerSpec,
  options: CreateOptimizerOptions = {},
): GanOptimizer {
  const s = resolveOptimizerSpec(spec);
  let t = 0;
  let slots: tf.Variable[][] = [];

  const ensureSlots = (variables: readonly tf.Variable[]) => {
    if (slots.length === variables.length) return;
    if (slots.length !== 0) {
      throw new TrainerError(
        'E_RESUME',
        `optimizer holds state for ${slots.length} variables but was given ${variables.length}`,
      );
    }
    slots = variables.map((v) =>
      Array.from({ length: SLOT_COUNT[s.kind] }, () =>
        tf.tidy(() => tf.variable(tf.zerosLike(v), false)),
      ),
    );
  };

  return {
    spec: s,
    apply(variables, grads) {
      ensureSlots(variables);
      t += 1;
      const lr = scheduledLr(s.lr, s.schedule, t);
      const momentum = scheduledMomentum(s.momentum, s.schedule, t);
      const biasFix1 = 1 - s.beta1 ** t;
      const biasFix2 = 1 - s.beta2 ** t;
      const fused =
        options.fused !== false &&
        tf.getKernel(OPTIMIZER_UPDATE_KERNEL, tf.getBackend()) !== undefined;
      const constants = fused ? updateConstants(s, lr, momentum, t) : [];
      tf.tidy(() => {
        variables.forEach((variable, i) => {
          const g = grads[i] as tf.Tensor;
          const slot = slots[i] as tf.Variable[];
          if (fused) {
            fusedUpdate(s.kind, variable, g, slot, constants);
          } else if (s.kind === 'sgd') {
            const v = tf.sub(tf.mul(slot[0] as tf.Variable, momentum), tf.mul(g, lr));
            (slot[0] as tf.Variable).assign(v);
            variable.assign(tf.add(variable, v));
          } else if (s.kind === 'adam') {
            const m = tf.add(tf.mul(slot[0] as tf.Variable, s.beta1), tf.mul(g, 1 - s.beta1));
            const v = tf.add(
              tf.mul(slot[1] as tf.Variable, s.beta2),
              tf.mul(tf.square(g), 1 - s.beta2),
            );
            (slot[0] as tf.Variable).assign(m);
            (slot[1] as tf.Variable).assign(v);
            const step = tf.div(
              tf.mul(m, lr / biasFix1),
              tf.add(tf.sqrt(tf.div(v, biasFix2)), s.epsilon),
            );
            variable.assign(tf.sub(variable, step));
          } else {
            const ms = tf.add(
              tf.mul(slot[0] as tf.Variable, s.decay),
              tf.mul(tf.square(g), 1 - s.decay),
            );
            (slot[0] as tf.Variable).assign(ms);
            variable.assign(
              tf.sub(variable, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(ms), s.epsilon))),
            );
          }
        });
      });
    },
    getState() {
      return {
        kind: s.kind,
        t,
        schedule: { ...s.schedule },
        slots: slots.map((row) =>
          row.map((v) => ({ shape: [...v.shape], values: v.dataSync() as Float32Array })),
        ),
      };
    },
    async getStateAsync() {
      const at = { kind: s.kind, t, schedule: { ...s.schedule } };
      const read = async (v: tf.Variable) => ({
        shape: [...v.shape],
        values: (await v.data()) as Float32Array,
      });
      return { ...at, slots: await Promise.all(slots.map((row) => Promise.all(row.map(read)))) };
    },
    setState(state) {
      if (state.kind !== s.kind) {
        throw new TrainerError('E_RESUME', `optimizer state is for ${state.kind}, not ${s.kind}`);
      }
      const stored = JSON.stringify(resolveSchedule(state.schedule));
      if (stored !== JSON.stringify(s.schedule)) {
        throw new TrainerError(
          'E_RESUME',
          `optimizer state follows the schedule ${stored}, not ${JSON.stringify(s.schedule)}`,
        );
      }
      tf.dispose(slots.flat());
      slots = state.slots.map((row) =>
        row.map((slot) => tf.tidy(() => tf.variable(tf.tensor(slot.values, slot.shape), false))),
      );
      t = state.t;
    },
    dispose() {
      tf.dispose(slots.flat());
      slots = [];
    },
  };
}
