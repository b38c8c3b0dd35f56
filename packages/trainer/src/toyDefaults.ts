import type { NOISE_PRIORS } from '@gantry/core';
import type { OptimizerDefaults, TrainConfig, TrainConfigInput } from './config';
import { toyLossDefaults } from './toyLossDefaults';

/** The defaults of one toy data set that differ from the toy base of `resolveTrainConfig`. */
export interface ToyDataDefaults {
  steps?: number;
  batchSize?: number;
  latentDim?: number;
  prior?: (typeof NOISE_PRIORS)[number];
  ema?: number;
  /** Hidden widths of G and D (toy-mlp's own default: [128, 128]). */
  hidden?: number[];
  /** Adam lr of D and G, used only where the lr is Gantry's default (not a loss paper's). */
  lrD?: number;
  lrG?: number;
  /** Learning-rate decay per update (pylearn2's exponential), used only where the lrs above are. */
  lrDecay?: number;
}

/**
 * Per-data-set toy defaults, measured with `bench/experiments/toy-modes.mjs` (the tables, with
 * seeds, modes, high-quality % and seconds, are in `bench/experiments/data/toy-modes.md`). The
 * toy base (spiral2d, swissRoll2d) is `resolveTrainConfig`'s: toy-mlp [128, 128], z ~ N(0, I)
 * in ℝ², batch 128, Adam 1e-3 β (0.5, 0.999), 2000 steps, no EMA.
 * - gaussian1d: D's lr 4e-3, G's 5e-4 (D 8× faster keeps D near D*: with equal rates G and D
 *   circle the equilibrium and the mean drifts by up to 0.5), EMA 0.99 of G's weights (averages
 *   the oscillation that is left: the mean settles within 0.01), batch 256 (a less noisy D:
 *   G's std 0.46–0.49 on seeds 1–5 against the data's 0.5, where the old base gave 0.35–0.48).
 * - ring2d, grid2d: G and D [256, 256] (width bought the high-quality share), z uniform on
 *   [−1, 1)² (it bought modes: a bounded z has no tails to throw between modes), EMA 0.999 of
 *   G (the high-quality share once the modes are found; 0.9995 did no better).
 * - ring2d: 10,000 steps (8/8 modes at ≥ 95% from ~6,000 steps on; longer runs drift down).
 * - grid2d: Adam 1.5e-3 for D and G decaying by d = 1.000063 per update (η₀/d^(t−1): 5.5e-4 at
 *   16,000, ~4× down over 22,000), 16,000 steps: 25/25 modes at 94.6–96.4% high quality on
 *   seeds 1–5 (≥ 92% from 12,000 steps on). The faster start sharpens the modes sooner (89–94% at
 *   10,000 where 1e-3 was at 53–88%), the decay lets them settle: with constant Adam 1e-3 seed 4
 *   found 25/25 by 12,000 and lost modes after (16–21/25 up to 24,000), and 22,000 steps were
 *   needed for ≥ 90% on the others. What did not work: the decay from 1e-3 (η 10× down over
 *   22,000: 50.7% at 22,000, seed 4 23/25 — too slow), 2e-3 with the decay (seed 2 lost modes
 *   early: 18–23/25), D twice as fast as G (2e-3 / 1e-3: seed 4 stuck at 20/25 from 6,000),
 *   batch 256 with 2e-3 and the decay (seed 2 82.9% at 16,000, 1.3× per step; seed 4 20/25 at
 *   8,000); EMA 0.9995 did no better than 0.999.
 */
export const TOY_DATA_DEFAULTS: Readonly<Record<string, ToyDataDefaults>> = Object.freeze({
  gaussian1d: { batchSize: 256, ema: 0.99, lrD: 4e-3, lrG: 5e-4 },
  ring2d: { steps: 10_000, prior: 'uniform', ema: 0.999, hidden: [256, 256] },
  grid2d: {
    steps: 16_000,
    prior: 'uniform',
    ema: 0.999,
    hidden: [256, 256],
    lrD: 1.5e-3,
    lrG: 1.5e-3,
    lrDecay: 1.000063,
  },
});

/**
 * The keys of {@link TOY_DATA_DEFAULTS} for `data`, with the loss's own over them
 * ({@link TOY_LOSS_DEFAULTS}, e.g. WGAN-GP's toy λ on the ring), that the config `c` leaves out;
 * the learning rates only where the optimizer defaults are Gantry's Adam (a loss paper's lr, e.g.
 * WGAN-GP's 1e-4, is kept).
 *
 * @example
 * toyDefaults({}, 'ring2d', { optimizer: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.999, from: 'gantry' }).steps; // 10000
 */
export function toyDefaults(
  c: TrainConfigInput,
  data: string,
  optimizer: OptimizerDefaults,
): Partial<TrainConfig> {
  const byLoss = toyLossDefaults(c.loss ?? 'non-saturating', data);
  const t: ToyDataDefaults = { ...TOY_DATA_DEFAULTS[data], ...byLoss };
  const gantryAdam = optimizer.from === 'gantry' && optimizer.optimizer === 'adam';
  const out: Partial<TrainConfig> = {};
  if (t.steps !== undefined && c.steps === undefined) out.steps = t.steps;
  if (t.batchSize !== undefined && c.batchSize === undefined) out.batchSize = t.batchSize;
  if (t.latentDim !== undefined && c.latentDim === undefined) out.latentDim = t.latentDim;
  if (t.prior !== undefined && c.prior === undefined) out.prior = t.prior;
  if (t.ema !== undefined && c.ema === undefined) out.ema = t.ema;
  if (t.hidden !== undefined && c.generatorHidden === undefined)
    out.generatorHidden = [...t.hidden];
  if (t.hidden !== undefined && c.discriminatorHidden === undefined) {
    out.discriminatorHidden = [...t.hidden];
  }
  if (gantryAdam && t.lrD !== undefined && c.lrD === undefined) out.lrD = t.lrD;
  if (gantryAdam && t.lrG !== undefined && c.lrG === undefined) out.lrG = t.lrG;
  if (gantryAdam && t.lrDecay !== undefined && c.lrDecay === undefined) out.lrDecay = t.lrDecay;
  if (byLoss.lossOptions) out.lossOptions = { ...byLoss.lossOptions, ...c.lossOptions };
  return out;
}
