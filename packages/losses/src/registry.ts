import { LossError } from './errors';
import { hingeLoss } from './hinge';
import {
  leastSquaresLoss,
  lsganChi2Loss,
  lsganLoss,
  regularizedLeastSquaresLoss,
} from './leastSquares';
import { minimaxLoss, nonSaturatingLoss } from './logLosses';
import { relativisticAverageLoss } from './relativisticAverage';
import type { GanLoss, PaperDefaults } from './types';
import { wassersteinGpLoss, wassersteinLoss } from './wasserstein';

const FACTORIES: Record<string, (options?: Record<string, number>) => GanLoss> = {
  minimax: minimaxLoss,
  'non-saturating': nonSaturatingLoss,
  'least-squares': leastSquaresLoss,
  lsgan: lsganLoss,
  'lsgan-chi2': lsganChi2Loss,
  wasserstein: wassersteinLoss,
  'wasserstein-gp': wassersteinGpLoss,
  'regularized-least-squares': regularizedLeastSquaresLoss,
  hinge: hingeLoss,
  'relativistic-average': relativisticAverageLoss,
};

/**
 * Names of every loss in the registry, in display order.
 *
 * @example
 * LOSS_NAMES.includes('hinge'); // true
 */
export const LOSS_NAMES = Object.keys(FACTORIES);

/**
 * A loss by registry name, with options; an unknown name or option throws a `LossError` listing
 * the known ones.
 *
 * @example
 * const loss = getLoss('least-squares', { a: -1, b: 1, c: 0 });
 */
export function getLoss(name: string, options?: Record<string, number>): GanLoss {
  const factory = FACTORIES[name];
  if (!factory) {
    throw new LossError(
      'E_UNKNOWN_LOSS',
      `unknown loss "${name}"; known: ${LOSS_NAMES.join(', ')}`,
      { loss: name },
    );
  }
  return factory(options);
}

/**
 * Every loss with its description, default options and its paper's training defaults with their
 * source (for `gantry losses` and config resolution).
 *
 * @example
 * listLosses().find((l) => l.name === 'wasserstein-gp')?.paperDefaults.k; // 5 (n_critic)
 */
export function listLosses(): {
  name: string;
  description: string;
  options: Record<string, number>;
  paperDefaults: PaperDefaults;
}[] {
  return LOSS_NAMES.map((name) => {
    const loss = getLoss(name);
    return {
      name,
      description: loss.description,
      options: { ...loss.options },
      paperDefaults: loss.paperDefaults,
    };
  });
}
