import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from '@gantry/test-utils/bundle';
import type { TrainConfigInput } from '../config';
import type { JobCommandFactory } from '../sweep/spawnJob';
import type { SweepPlan } from '../sweep/sweepFolder';

/** A small ring2d job: two 16-unit layers, batch 32, cpu, no sample grids. */
export const RING: TrainConfigInput = {
  data: 'ring2d',
  generatorHidden: [16],
  discriminatorHidden: [16],
  batchSize: 32,
  sampleEvery: 0,
  logEvery: 20,
  backend: 'cpu',
};

/** A plan of named variants over `base`. */
export function variantPlan(
  base: TrainConfigInput,
  variants: Record<string, TrainConfigInput>,
): SweepPlan {
  const grid = { variant: variants };
  return {
    base,
    grid,
    jobs: Object.entries(variants).map(([id, config]) => ({ id, config: { ...base, ...config } })),
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'gantry-sweep-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The bundled test job process and the command factory that runs it. */
export async function jobChild(): Promise<{ file: string; command: JobCommandFactory }> {
  const { child } = await bundleForNode({
    child: new URL('./sweepJobChild.ts', import.meta.url).pathname,
  });
  const file = child as string;
  return { file, command: ({ dir, id }) => ({ file: process.execPath, args: [file, dir, id] }) };
}

/** The lines of a run's metrics.jsonl with the timing zeroed (to compare two runs). */
export async function metricLines(runDir: string): Promise<Record<string, number>[]> {
  const text = await readFile(join(runDir, 'metrics.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => ({ ...JSON.parse(l), stepMs: 0 }));
}
