import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile, fsyncDir } from '@gantry/core/node';
import { loadWeightsInto, saveModel } from '@gantry/models/node';
import { TrainerError } from './errors';
import type { GanTrainer, TrainerState } from './ganTrainer';
import { checkpointName, RUN_FILES } from './runFiles';
import type { ScheduleSpec } from './schedules';

const { checkpoints: CHECKPOINTS, latest: LATEST } = RUN_FILES;
const { checkpointState: STATE, checkpointBlob: BLOB } = RUN_FILES;
const FORMAT = 1;

/** Extra, run-level facts stored with a checkpoint. */
export interface CheckpointMeta {
  /** Lines of the metrics log that belong to the run up to this checkpoint. */
  metricsLines: number;
}

interface StoredOptimizer {
  kind: string;
  t: number;
  schedule?: ScheduleSpec;
  slots: { shape: number[]; offset: number }[][];
}

interface StoredState {
  format: number;
  state: Omit<TrainerState, 'optimizerD' | 'optimizerG' | 'ema'> & {
    optimizerD: StoredOptimizer;
    optimizerG: StoredOptimizer;
    ema?: { shape: number[]; offset: number }[];
  };
  meta: CheckpointMeta;
}

/** Packs every Float32Array of a trainer state into one binary blob plus a JSON manifest. */
function packState(state: TrainerState): { json: StoredState['state']; blob: Uint8Array } {
  const chunks: Float32Array[] = [];
  let offset = 0;
  const add = (values: Float32Array) => {
    const at = offset;
    chunks.push(values);
    offset += values.length;
    return at;
  };
  const packOpt = (o: TrainerState['optimizerD']) => ({
    kind: o.kind,
    t: o.t,
    ...(o.schedule ? { schedule: o.schedule } : {}),
    slots: o.slots.map((row) => row.map((s) => ({ shape: s.shape, offset: add(s.values) }))),
  });
  const json: StoredState['state'] = {
    step: state.step,
    rng: state.rng,
    data: state.data,
    optimizerD: packOpt(state.optimizerD),
    optimizerG: packOpt(state.optimizerG),
    ...(state.ema ? { ema: state.ema.map((v) => ({ shape: [v.length], offset: add(v) })) } : {}),
  };
  const all = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return { json, blob: new Uint8Array(all.buffer) };
}

function unpackState(stored: StoredState['state'], blob: Float32Array): TrainerState {
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const slice = (offset: number, shape: number[]) => {
    const n = size(shape);
    if (offset + n > blob.length) {
      throw new TrainerError('E_CHECKPOINT', `${BLOB} is too short for the state it describes`);
    }
    return blob.slice(offset, offset + n);
  };
  const unpackOpt = (o: StoredState['state']['optimizerD']) => ({
    kind: o.kind as TrainerState['optimizerD']['kind'],
    t: o.t,
    ...(o.schedule ? { schedule: o.schedule } : {}),
    slots: o.slots.map((row) =>
      row.map((s) => ({ shape: s.shape, values: slice(s.offset, s.shape) })),
    ),
  });
  return {
    step: stored.step,
    rng: stored.rng,
    data: stored.data,
    optimizerD: unpackOpt(stored.optimizerD),
    optimizerG: unpackOpt(stored.optimizerG),
    ...(stored.ema ? { ema: stored.ema.map((e) => slice(e.offset, e.shape)) } : {}),
  };
}

/**
 * Saves models, optimizer/RNG/data state into `runDir/checkpoints/step-NNNNNN` atomically: all
 * files go to a temporary folder, are flushed, and the folder is renamed into place; then the
 * `latest` pointer is replaced atomically and all but the newest `keep` checkpoints are removed.
 */
export async function saveCheckpoint(
  runDir: string,
  trainer: GanTrainer,
  options: { keep: number; meta: CheckpointMeta },
): Promise<string> {
  const root = join(runDir, CHECKPOINTS);
  await mkdir(root, { recursive: true });
  // First, so a trainer that cannot be checkpointed (a non-finite loss on the device) writes nothing.
  const state = await trainer.getStateAsync();
  const name = checkpointName(trainer.steps);
  const final = join(root, name);
  const temp = join(root, `.tmp-${name}-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  await saveModel(trainer.generator, join(temp, RUN_FILES.generator));
  await saveModel(trainer.discriminator, join(temp, RUN_FILES.discriminator));
  const { json, blob } = packState(state);
  await atomicWriteFile(join(temp, BLOB), blob);
  const stored: StoredState = { format: FORMAT, state: json, meta: options.meta };
  await atomicWriteFile(join(temp, STATE), JSON.stringify(stored));
  await fsyncDir(temp);
  const old = join(root, `.old-${name}-${process.pid}`);
  const hadOld = await rename(final, old).then(
    () => true,
    () => false,
  );
  await rename(temp, final);
  await atomicWriteFile(join(root, LATEST), name);
  await fsyncDir(root);
  if (hadOld) await rm(old, { recursive: true, force: true });
  const steps = (await readdir(root)).filter((n) => /^step-\d+$/.test(n)).sort();
  for (const stale of steps.slice(0, Math.max(0, steps.length - options.keep))) {
    if (stale !== name) await rm(join(root, stale), { recursive: true, force: true });
  }
  return final;
}

/** The folder of the newest checkpoint of a run (from `checkpoints/latest`), or undefined. */
export async function latestCheckpoint(runDir: string): Promise<string | undefined> {
  const root = join(runDir, CHECKPOINTS);
  const name = await readFile(join(root, LATEST), 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  );
  return name ? join(root, name) : undefined;
}

/** Loads a checkpoint into a freshly built trainer (same config): weights, then state. */
export async function loadCheckpoint(dir: string, trainer: GanTrainer): Promise<CheckpointMeta> {
  let stored: StoredState;
  try {
    stored = JSON.parse(await readFile(join(dir, STATE), 'utf8'));
  } catch (error) {
    throw new TrainerError(
      'E_CHECKPOINT',
      `cannot read ${join(dir, STATE)}: ${(error as Error).message}`,
      {
        file: join(dir, STATE),
      },
    );
  }
  if (stored.format !== FORMAT) {
    throw new TrainerError(
      'E_CHECKPOINT',
      `${join(dir, STATE)} has format ${stored.format}, expected ${FORMAT}`,
    );
  }
  const bytes = await readFile(join(dir, BLOB));
  const blob = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  await loadWeightsInto(trainer.generator, join(dir, RUN_FILES.generator));
  await loadWeightsInto(trainer.discriminator, join(dir, RUN_FILES.discriminator));
  trainer.setState(unpackState(stored.state, blob));
  return stored.meta;
}
