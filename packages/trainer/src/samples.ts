import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToyDistribution } from '@gantry/datasets';
import { writingTo } from './fsErrors';
import type { GanTrainer } from './ganTrainer';
import { writePng } from './png';
import { sampleFileName } from './runFiles';
import { renderSamples } from './sampleImage';

/**
 * Writes `dir/step-NNNNNN.png`: the picture of {@link renderSamples} (a grid of G(z) for the
 * trainer's fixed noise batch, or real vs generated points for toy data).
 */
export async function writeSamples(
  trainer: GanTrainer,
  dir: string,
  options: { count: number; data?: ToyDistribution },
): Promise<string> {
  const path = join(dir, sampleFileName(trainer.steps));
  const image = await renderSamples(trainer, options);
  await writingTo(path, 'writing a sample grid', async () => {
    await mkdir(dir, { recursive: true }); // inside the run folder, which exists
    await writePng(path, image);
  });
  return path;
}
