import { describe, expect, it } from 'vitest';
import { getToyDistribution } from './getToyDistribution';
import { listDatasets } from './listDatasets';

describe('listDatasets', () => {
  it('lists the image datasets and every toy distribution, each loadable by its name', () => {
    const all = listDatasets();
    expect(all.filter((d) => d.kind === 'image').map((d) => d.name)).toEqual([
      'mnist-sample',
      'mnist',
      'fashion-mnist',
      'cifar10',
      'image-folder',
    ]);
    const toys = all.filter((d) => d.kind === 'toy');
    expect(toys.map((d) => d.name)).toEqual([
      'gaussian1d',
      'ring2d',
      'grid2d',
      'swissRoll2d',
      'spiral2d',
    ]);
    for (const t of toys) expect(getToyDistribution(t.name).name).toBe(t.name);
    for (const d of all) {
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.needs.length).toBeGreaterThan(5);
    }
    expect(all.find((d) => d.name === 'mnist')?.needs).toMatch(/gantry data download mnist/);
    // The flag it names is the flag `gantry train` has.
    expect(all.find((d) => d.name === 'mnist')?.needs).toMatch(/--data-dir/);
  });
});
