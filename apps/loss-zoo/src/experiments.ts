import type { TrainConfigInput } from '@gantry/trainer';

/** One objective of the study notes' comparison. */
export interface Experiment {
  /** Folder name and key in the report, e.g. `wasserstein-gp`. */
  id: string;
  /** Heading in the report. */
  title: string;
  /** What differs from the shared DCGAN setting (loss, optimizer, critic normalisation). */
  config: TrainConfigInput;
}

/**
 * The six objectives the slides compare, each as in `configs/slides-<id>.yaml`: minimax,
 * non-saturating, WGAN (weight clipping, RMSProp), WGAN-GP (no normalisation in the critic),
 * LSGAN and the slides' regularised least squares.
 */
export const EXPERIMENTS: readonly Experiment[] = Object.freeze([
  {
    id: 'minimax',
    title: 'Minimax (saturating G loss)',
    config: { loss: 'minimax', optimizer: 'adam', beta1: 0.5 },
  },
  {
    id: 'non-saturating',
    title: 'Non-saturating',
    config: { loss: 'non-saturating', optimizer: 'adam', beta1: 0.5 },
  },
  {
    id: 'wasserstein',
    title: 'WGAN (weight clipping, RMSProp)',
    // k: Arjovsky et al.'s n_critic (configs/slides-wasserstein.yaml says why).
    config: { loss: 'wasserstein', optimizer: 'rmsprop', k: 5 },
  },
  {
    id: 'wasserstein-gp',
    title: 'WGAN-GP (λ = 10)',
    // k and β₂: Gulrajani et al.'s n_critic and Adam (configs/slides-wasserstein-gp.yaml).
    config: {
      loss: 'wasserstein-gp',
      optimizer: 'adam',
      beta1: 0.5,
      beta2: 0.9,
      k: 5,
      normalization: 'none',
    },
  },
  {
    id: 'lsgan',
    title: 'LSGAN (a, b, c) = (0, 1, 1)',
    config: { loss: 'lsgan', optimizer: 'adam', beta1: 0.5 },
  },
  {
    id: 'regularized-least-squares',
    title: 'Regularised least squares (the slides)',
    config: { loss: 'regularized-least-squares', optimizer: 'adam', beta1: 0.5 },
  },
]);

/** The zoo's default budget: the slides' 20 epochs per objective. */
export const ZOO_EPOCHS = 20;

/** The budget of `steps` or `epochs`: steps only when given without epochs, else {@link ZOO_EPOCHS} by default. */
export function zooBudget(steps?: number, epochs?: number): { steps: number } | { epochs: number } {
  return steps !== undefined && epochs === undefined ? { steps } : { epochs: epochs ?? ZOO_EPOCHS };
}

/** What every experiment shares: the slides' DCGAN setting, seeded. */
export interface ZooSetting {
  data: string;
  dataDir?: string;
  /** Steps per objective, or `epochs` (default {@link ZOO_EPOCHS}). */
  steps?: number;
  epochs?: number;
  batchSize: number;
  seed: number;
}

/**
 * The full training config of `experiment` under `setting`: DCGAN, z ∈ ℝ¹⁰⁰, lr 1e-4 for both
 * networks, as in the slides; k = 1 except the Wasserstein critics' n_critic = 5 (the slides
 * give no k: each configs/slides-*.yaml says why).
 *
 * @example
 * zooConfig(EXPERIMENTS[0], { data: 'mnist-sample', steps: 200, batchSize: 64, seed: 0 });
 */
export function zooConfig(experiment: Experiment, setting: ZooSetting): TrainConfigInput {
  return {
    data: setting.data,
    ...(setting.dataDir ? { dataDir: setting.dataDir } : {}),
    model: 'dcgan',
    latentDim: 100,
    lrD: 1e-4,
    lrG: 1e-4,
    k: 1,
    batchSize: setting.batchSize,
    seed: setting.seed,
    ...zooBudget(setting.steps, setting.epochs),
    ...experiment.config,
  };
}

/** The experiments named in `ids` (all when undefined), or an error listing the known ones. */
export function pickExperiments(ids?: readonly string[]): Experiment[] {
  if (!ids) return [...EXPERIMENTS];
  return ids.map((id) => {
    const found = EXPERIMENTS.find((e) => e.id === id);
    if (!found) {
      throw new Error(
        `unknown objective "${id}"; known: ${EXPERIMENTS.map((e) => e.id).join(', ')}`,
      );
    }
    return found;
  });
}
