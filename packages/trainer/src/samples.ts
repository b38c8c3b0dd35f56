import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToyDistribution } from '@gantry/datasets';
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
  await mkdir(dir, { recursive: true });
  const path = join(dir, sampleFileName(trainer.steps));
  await writePng(path, await renderSamples(trainer, options));
  return path;
}
