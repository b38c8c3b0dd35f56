import { DATASETS, type DatasetEntry } from './catalog';

/** One entry of {@link listDatasets}: a catalog entry as `gantry data list` prints it. */
export type DatasetInfo = Pick<DatasetEntry, 'name' | 'description' | 'kind' | 'needs'>;

/**
 * Every dataset Gantry can load, images and toy distributions, with what each needs: a view
 * of the catalog ({@link DATASETS}).
 *
 * @example
 * listDatasets().filter((d) => d.kind === 'toy').map((d) => d.name); // ['gaussian1d', 'ring2d', …]
 */
export function listDatasets(): DatasetInfo[] {
  return DATASETS.map(({ name, description, kind, needs }) => ({ name, description, kind, needs }));
}
