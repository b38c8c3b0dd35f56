import type { ToyDataDefaults } from './toyDefaults';

/** The toy defaults of one loss on one toy data set, over that data set's own. */
export interface ToyLossDefaults extends ToyDataDefaults {
  /** Loss options (e.g. WGAN-GP's λ); a `lossOptions` key the config gives wins. */
  lossOptions?: Readonly<Record<string, number>>;
}

/**
 * Per-loss toy defaults, by loss then data set, over {@link TOY_DATA_DEFAULTS} (measured with
 * `bench/experiments/toy-modes.mjs`; tables in `bench/experiments/data/toy-modes.md`, section
 * "WGAN-GP on the ring: the cause").
 * - wasserstein-gp on ring2d: λ 0.1, no EMA, 3,000 steps; n_critic 5 and Adam 1e-4 stay the
 *   paper's. λ 0.1 is Gulrajani et al.'s own toy value (gan_toy.py in igul222/improved_wgan_
 *   training: "smaller lambda makes things faster for toy tasks, but isn't necessary if you
 *   increase CRITIC_ITERS enough"); the paper's λ 10 (Algorithm 1) gave 1/8 modes at 5,000
 *   steps on seed 1, λ 0.1 gives 8/8 by 2,000 on seeds 1–3. The EMA 0.999 of the ring's
 *   defaults averages over a G that moves at a tenth of the toy lr: the EMA G had 4.4% high
 *   quality where the raw G had 19.3% (seed 1, 3,000 steps), so it is off.
 */
export const TOY_LOSS_DEFAULTS: Readonly<
  Record<string, Readonly<Record<string, ToyLossDefaults>>>
> = Object.freeze({
  'wasserstein-gp': { ring2d: { lossOptions: { lambda: 0.1 }, ema: 0, steps: 3000 } },
});

/** The toy defaults of `loss` on `data` ({@link TOY_LOSS_DEFAULTS}), or none. */
export function toyLossDefaults(loss: string, data: string): ToyLossDefaults {
  return TOY_LOSS_DEFAULTS[loss]?.[data] ?? {};
}
