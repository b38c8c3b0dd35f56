import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '@gantry/core/node';
import { filterEvents } from '@gantry/tensorboard';
import { EventFileWriter, listEventFiles } from '@gantry/tensorboard/node';
import { latestCheckpoint } from './checkpoint';
import type { GanTrainer, StepMetrics } from './ganTrainer';
import { runPaths } from './openRun';
import type { PreparedTraining } from './prepareTraining';
import { RUN_FILES } from './runFiles';
import type { TrainEvent } from './runHooks';
import type { TrainHook } from './trainLoop';

/** The TensorBoard tag of each scalar a run logs every step, and of its sample grids. */
export const TENSORBOARD_TAGS = Object.freeze({
  lossD: 'loss/D',
  lossG: 'loss/G',
  penalty: 'loss/penalty',
  dReal: 'D/real',
  dFake: 'D/fake',
  stepMs: 'time/step_ms',
  samples: 'samples',
  /** Prefix of the scalars of `gantry eval` (`eval/fid`, …). */
  eval: 'eval/',
} as const);

/** One step's scalars under their {@link TENSORBOARD_TAGS}. */
function stepScalars(m: StepMetrics): Record<string, number> {
  const t = TENSORBOARD_TAGS;
  return {
    [t.lossD]: m.lossD,
    [t.lossG]: m.lossG,
    [t.penalty]: m.penalty,
    [t.dReal]: m.dReal,
    [t.dFake]: m.dFake,
    [t.stepMs]: m.stepMs,
  };
}

/**
 * Cuts the run's event files back to the steps a resume keeps (≤ `step`, the checkpoint's):
 * a run killed after its last checkpoint logged steps that the resumed run logs again, and
 * TensorBoard would show both. Files are rewritten atomically; one that cannot be read is left
 * as it is, with a warning (TensorBoard's own purge, the SessionLog START of the new file, still
 * hides those steps).
 */
async function cutEventFiles(dir: string, step: number, warn: (m: string) => void): Promise<void> {
  for (const file of await listEventFiles(dir)) {
    try {
      const cut = filterEvents(await readFile(file), (e) => e.step <= step, { file });
      if (cut.dropped > 0 || cut.droppedTruncatedTail) await atomicWriteFile(file, cut.bytes);
    } catch (error) {
      warn(`left ${file} as it is: ${(error as Error).message}`);
    }
  }
}

/**
 * Writes the run's TensorBoard event files (`events.out.tfevents.*` in the run folder): every
 * step's scalars ({@link TENSORBOARD_TAGS}), flushed every `logEvery` steps and at each
 * checkpoint step, and the sample grids (`image`, given the PNG of each grid as it is written).
 * Each session (a fresh run, or a resume) writes a new file that begins with a SessionLog START
 * (at 0, or at the checkpoint's step + 1, which TensorBoard takes as a restart); a resume first
 * cuts the older files back to the checkpoint's step, so no step appears twice. Closed (fsynced)
 * at the end or on an error. Register it before the sample hook whose grids it receives, so
 * that its `end` (reverse order) closes the file after the final grid.
 */
export function tensorboardHook(
  run: PreparedTraining,
  emit: (event: TrainEvent) => void,
): TrainHook<GanTrainer> & { image(step: number, png: Uint8Array): Promise<void> } {
  const { logEvery, checkpointEvery } = run.config;
  let writer: EventFileWriter | undefined;
  const close = async () => {
    await writer?.close();
    writer = undefined;
  };
  return {
    async start({ startStep }) {
      const warn = (message: string) => emit({ type: 'warning', message });
      if (startStep > 0) await cutEventFiles(run.runDir, startStep, warn);
      writer = await EventFileWriter.create(run.runDir);
      writer.sessionStart(startStep === 0 ? 0 : startStep + 1);
      await writer.flush();
    },
    metrics: (m) => writer?.scalars(m.step, stepScalars(m)),
    afterStep: ({ trainer }) => {
      const step = trainer.steps;
      const due = step % logEvery === 0 || (checkpointEvery > 0 && step % checkpointEvery === 0);
      return due ? writer?.flush() : undefined;
    },
    async image(step, png) {
      writer?.image(step, TENSORBOARD_TAGS.samples, png);
      await writer?.flush();
    },
    end: close,
    error: close,
  };
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * The step of the generator a run's readers load: the final one (`summary.json`'s `steps`)
 * when `generator/` exists, else the latest checkpoint's; 0 when neither.
 */
async function generatorStep(dir: string): Promise<number> {
  const paths = runPaths(dir);
  if (await exists(join(paths.generator, 'model.json'))) {
    const summary = await readFile(paths.summary, 'utf8').then(
      (t) => JSON.parse(t) as { steps?: unknown },
      () => ({ steps: undefined }),
    );
    if (typeof summary.steps === 'number' && Number.isInteger(summary.steps)) return summary.steps;
  }
  const ckpt = await latestCheckpoint(paths.dir);
  const step = ckpt ? Number(/step-(\d+)$/.exec(ckpt)?.[1]) : 0;
  return Number.isInteger(step) ? step : 0;
}

/**
 * Appends evaluation scalars to a run's TensorBoard events: a new event file
 * (`events.out.tfevents.*.eval`) in the run folder with `eval/<name>` for each scalar, at
 * `step` (default: the step of the generator that was evaluated, see `openRun().loadGenerator`).
 * Evaluating twice gives two values at that step; TensorBoard shows the later one. Returns the
 * file's path.
 *
 * @example
 * await writeEvalEvents('runs/mnist', { fid: 31.2, inception_score: 8.1 });
 */
export async function writeEvalEvents(
  dir: string,
  scalars: Readonly<Record<string, number>>,
  step?: number,
): Promise<string> {
  const at = step ?? (await generatorStep(dir));
  const writer = await EventFileWriter.create(runPaths(dir).dir, { suffix: '.eval' });
  writer.scalars(
    at,
    Object.fromEntries(
      Object.entries(scalars).map(([k, v]) => [`${TENSORBOARD_TAGS.eval}${k}`, v]),
    ),
  );
  await writer.close();
  return writer.path;
}

/** The glob of a run folder's event files, for messages (`<dir>/events.out.tfevents.*`). */
export function eventFilesGlob(dir: string): string {
  return join(runPaths(dir).dir, `${RUN_FILES.events}*`);
}
