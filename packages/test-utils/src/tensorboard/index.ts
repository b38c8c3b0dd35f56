import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const workspaceRoot = resolve(import.meta.dirname, '../../../..');
/** The virtual environment with TensorBoard, kept across test runs. */
const cacheDir = join(workspaceRoot, 'node_modules', '.cache', 'gantry-tensorboard');
const venv = join(cacheDir, 'venv');
const script = join(import.meta.dirname, 'read_events.py');

/** Python with TensorBoard installed, or why there is none. */
export type TensorboardPython =
  | { python: string; reason?: undefined }
  | { python?: undefined; reason: string };

const pythonIn = (dir: string) => join(dir, 'bin', 'python');

async function importsTensorboard(python: string): Promise<boolean> {
  if (!existsSync(python)) return false;
  return exec(python, ['-c', 'import tensorboard.backend.event_processing.event_accumulator']).then(
    () => true,
    () => false,
  );
}

/**
 * Python with the `tensorboard` package: a venv under node_modules/.cache/gantry-tensorboard,
 * made with `python3 -m venv` and `pip install tensorboard` the first time (about 35 s) and
 * reused after. Concurrent test files each build their own and the first rename wins. Returns
 * the reason instead when Python, venv or pip fail.
 */
export async function tensorboardPython(): Promise<TensorboardPython> {
  if (await importsTensorboard(pythonIn(venv))) return { python: pythonIn(venv) };
  await mkdir(cacheDir, { recursive: true });
  const building = join(cacheDir, `venv-${process.pid}-${Date.now()}`);
  try {
    await exec('python3', ['-m', 'venv', building], { timeout: 120_000 });
    // --retries 0: an index this machine cannot reach fails at once instead of backing off.
    await exec(
      pythonIn(building),
      ['-m', 'pip', 'install', '--quiet', '--retries', '0', '--timeout', '30', 'tensorboard'],
      { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
    );
    await rename(building, venv).catch(async (error) => {
      if (!(await importsTensorboard(pythonIn(venv)))) throw error;
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return {
      reason: `could not install Python's tensorboard package into ${venv} (python3 -m venv, then pip install tensorboard): ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`,
    };
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return (await importsTensorboard(pythonIn(venv)))
    ? { python: pythonIn(venv) }
    : { reason: `${venv} was made but cannot import tensorboard` };
}

/** What TensorBoard's `EventAccumulator` reads from a folder of event files. */
export interface TensorboardReadout {
  /** tag → [step, value, wall time] in TensorBoard's order. */
  scalars: Record<string, [number, number, number][]>;
  /** tag → [step, width, height, sha256 of the encoded image]. */
  images: Record<string, [number, number, number, string][]>;
}

/** Reads `logdir` with TensorBoard's own `EventAccumulator` (which checks every CRC). */
export async function readWithTensorboard(
  python: string,
  logdir: string,
): Promise<TensorboardReadout> {
  const { stdout } = await exec(python, [script, logdir], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as TensorboardReadout;
}

/** TensorBoard's own `masked_crc32c` of each byte string. */
export async function tensorboardMaskedCrc(python: string, data: Uint8Array[]): Promise<number[]> {
  const hex = data.map((d) => Buffer.from(d).toString('hex'));
  const { stdout } = await exec(python, [script, '--crc', ...hex]);
  return JSON.parse(stdout) as number[];
}

/**
 * The Python of `tb` for a test, or: under CI (`$CI` set) a failure that says why TensorBoard
 * is missing, elsewhere the test marked skipped with that reason (reported as not run).
 */
export function pythonOrSkip(
  tb: TensorboardPython,
  ctx: { skip: (note?: string) => never },
): string {
  if (tb.python) return tb.python;
  if (process.env['CI']) throw new Error(`CI needs TensorBoard for this test: ${tb.reason}`);
  return ctx.skip(`not run: ${tb.reason}`);
}
