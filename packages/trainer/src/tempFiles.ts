import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  atomicWriteFile,
  isProcessAlive,
  removeStaleTempFiles,
  tempFileOwner,
} from '@gantry/core/node';
import { writingTo } from './fsErrors';
import { RUN_FILES } from './runFiles';

/**
 * A checkpoint folder being replaced keeps its old copy as `.old-step-NNNNNN-PID` until the new
 * one is in place (see `saveCheckpoint`); `.tmp-step-NNNNNN-PID` is the temporary folder name
 * of earlier versions.
 */
const CHECKPOINT_ASIDE = /^\.(tmp|old)-(step-\d+)-(\d+)$/;

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

const deadOwner = (pid: number) => pid !== process.pid && !isProcessAlive(pid);

/**
 * Removes what processes killed while writing the run folder `runDir` left behind (SIGKILL, a
 * power cut): temporary files and folders of dead processes (`.NAME.PID.N.tmp`) in the folder,
 * `samples/`, `checkpoints/` and `generator/`; a checkpoint's old copy is put back when its
 * replacement never arrived, else removed. Files of live processes are left alone. Returns the
 * paths removed or restored.
 *
 * @example
 * await removeStaleRunFiles('runs/mnist'); // at the start of a run and of a resume
 */
export async function removeStaleRunFiles(runDir: string): Promise<string[]> {
  const checkpoints = join(runDir, RUN_FILES.checkpoints);
  const folders = [RUN_FILES.samples, RUN_FILES.checkpoints, RUN_FILES.generator];
  const removed: string[] = [];
  for (const dir of [runDir, ...folders.map((f) => join(runDir, f))]) {
    for (const name of await removeStaleTempFiles(dir)) removed.push(join(dir, name));
  }
  const names = await readdir(checkpoints).catch(() => [] as string[]);
  for (const name of names) {
    const match = CHECKPOINT_ASIDE.exec(name);
    if (!match || !deadOwner(Number(match[3]))) continue;
    const path = join(checkpoints, name);
    const final = join(checkpoints, match[2] as string);
    if (match[1] === 'old' && !(await exists(final))) await rename(path, final);
    else await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** Removes the temporary files `.NAME.PID.N.tmp` that dead processes left next to `path`. */
async function removeStaleTempFilesOf(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = tempFileOwner(name);
    if (name.startsWith(prefix) && pid !== undefined && deadOwner(pid)) {
      await rm(join(dir, name), { force: true, recursive: true });
    }
  }
}

/**
 * Checks that the file `path` can be written where it is: its folder exists and is a folder.
 * Commands call it before long work; a problem is a typed error naming the path and `option`.
 */
export async function checkOutputFolder(path: string, option?: string): Promise<void> {
  const dir = dirname(path);
  await writingTo(
    path,
    'checking the folder of the output file',
    async () => {
      const info = await stat(dir);
      if (!info.isDirectory()) {
        throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR', path: dir });
      }
    },
    option,
  );
}

/**
 * Writes a file a user asked for (`gantry sample --out`, `gantry eval --out`, `eval.json`)
 * atomically: its folder must exist ({@link checkOutputFolder}), stale temporary copies of it
 * from killed processes are removed first, and file-system errors are typed and name the path
 * (`E_NO_SPACE` on a full disk; `option` is the setting the path came from).
 *
 * @example
 * await writeOutputFile('grid.png', bytes, { doing: 'writing the sample grid', option: 'out' });
 */
export async function writeOutputFile(
  path: string,
  data: Uint8Array | string,
  { doing, option }: { doing: string; option?: string },
): Promise<void> {
  await checkOutputFolder(path, option);
  await writingTo(
    path,
    doing,
    async () => {
      await removeStaleTempFilesOf(path);
      await atomicWriteFile(path, data);
    },
    option,
  );
}
