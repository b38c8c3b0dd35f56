/**
 * The contract of a fused optimizer update, a kernel a backend may register (the native backend
 * does) so that one update of a variable is one pass over θ, g and the optimizer's slots instead
 * of about a dozen element-wise kernels. `@gantry/trainer`'s optimizers use it when the active
 * backend has it, and the separate ops otherwise; both round to float32 after every operation in
 * the same order, so they give the same bits.
 *
 * Inputs: `x` (θ), `g` (the gradient), `s0` and, for Adam, `s1` (the slots), all float32 of one
 * shape. Attrs: `kind` and `constants`, float32 values in this order:
 * - sgd:     [μ, η]                                    v ← μv − ηg;  θ ← θ + v
 * - adam:    [β₁, 1−β₁, β₂, 1−β₂, η/(1−β₁ᵗ), 1−β₂ᵗ, ε]  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *                                                      θ ← θ − (m·η/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * - rmsprop: [α, 1−α, η, ε]                           s ← αs + (1−α)g²;  θ ← θ − ηg / (√s + ε)
 * Outputs: [θ', s0'] (sgd, rmsprop) or [θ', m', v'] (adam).
 */
export const OPTIMIZER_UPDATE_KERNEL = 'GantryOptimizerUpdate';

/** The optimizers {@link OPTIMIZER_UPDATE_KERNEL} implements. */
export const FUSED_OPTIMIZERS = ['sgd', 'adam', 'rmsprop'] as const;

/** The attrs of {@link OPTIMIZER_UPDATE_KERNEL}. */
export interface OptimizerUpdateAttrs {
  kind: (typeof FUSED_OPTIMIZERS)[number];
  /** The update's constants, float32, in the order {@link OPTIMIZER_UPDATE_KERNEL} gives. */
  constants: number[];
}

/** How many constants each kind takes. */
export const OPTIMIZER_CONSTANT_COUNT: Readonly<Record<OptimizerUpdateAttrs['kind'], number>> =
  Object.freeze({ sgd: 2, adam: 7, rmsprop: 4 });
