import { type DatasetEntry, datasetNames } from '@gantry/datasets';
import type { TrainConfigInput } from './config';
import { TrainerError } from './errors';

/** The toy (1-D/2-D) data names among the catalog's (`DATA_NAMES`). */
export const TOY_DATA: readonly string[] = Object.freeze(datasetNames((d) => d.kind === 'toy'));

/**
 * Cross-key constraints: the model fits the data, one of steps and epochs, no toy epochs,
 * `holdOut` only for data that evaluation keeps images of.
 */
export function checkCombination(
  c: TrainConfigInput,
  entry: DatasetEntry,
  model: string,
  toy: boolean,
): void {
  const data = entry.name;
  const fail = (option: string, message: string): never => {
    throw new TrainerError('E_BAD_CONFIG', message, { option });
  };
  if (toy && model !== 'toy-mlp')
    fail('model', `\`model\` "${model}" needs image data; use toy-mlp for ${data}`);
  if (!toy && model === 'toy-mlp') {
    fail(
      'model',
      `\`model\` "toy-mlp" needs toy data (${TOY_DATA.join(', ')}); \`data\` is ${data}`,
    );
  }
  if (c.steps !== undefined && c.epochs !== undefined) {
    fail('steps', 'give either `steps` or `epochs`, not both');
  }
  if (toy && c.epochs !== undefined) {
    fail(
      'epochs',
      `toy data (${data}) is sampled afresh every batch: use \`steps\`, not \`epochs\``,
    );
  }
  if (c.holdOut && !entry.reference) {
    const applies = datasetNames((e) => e.reference).join(', ');
    fail(
      'holdOut',
      `\`holdOut\` keeps the evaluation's images out of training; ${data} has none (it applies to ${applies})`,
    );
  }
}
