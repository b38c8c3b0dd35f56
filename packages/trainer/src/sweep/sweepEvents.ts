import type { SweepFinal } from './sweepSummary';

/** What a sweep runner (local or on a queue) reports as its jobs move. */
export type SweepEvent =
  | { type: 'queued'; id: string }
  /** Done in an earlier run of the same sweep: not run again. */
  | { type: 'skipped'; id: string }
  | { type: 'running'; id: string; worker: string; attempt: number }
  /** Its process began training: from step 0, or from a checkpoint (`resumed`). */
  | { type: 'started'; id: string; step: number; total: number; resumed: boolean }
  | {
      type: 'step';
      id: string;
      step: number;
      total: number;
      lossD: number | null;
      lossG: number | null;
    }
  | { type: 'done'; id: string; seconds: number; final?: SweepFinal }
  | { type: 'failed'; id: string; error: { code: string; message: string }; retrying: boolean }
  /** Stopped with a checkpoint (Ctrl-C); it stays queued. */
  | { type: 'interrupted'; id: string };

const num = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined ? 'NaN' : v.toFixed(digits);

/**
 * One line for a sweep event, as `gantry sweep` prints it (browser-safe).
 *
 * @example
 * describeSweepEvent({ type: 'running', id: 'seed=3', worker: 'gpu-1', attempt: 1 });
 * // 'seed=3: running on gpu-1 (attempt 1)'
 */
export function describeSweepEvent(e: SweepEvent): string {
  switch (e.type) {
    case 'queued':
      return `${e.id}: queued`;
    case 'skipped':
      return `${e.id}: done before, skipped`;
    case 'running':
      return `${e.id}: running on ${e.worker} (attempt ${e.attempt})`;
    case 'started':
      return e.resumed
        ? `${e.id}: resumed at step ${e.step}/${e.total}`
        : `${e.id}: started, ${e.total} steps`;
    case 'step':
      return `${e.id}: step ${e.step}/${e.total} lossD ${num(e.lossD)} lossG ${num(e.lossG)}`;
    case 'done':
      return `${e.id}: done in ${e.seconds.toFixed(1)} s${e.final ? `, step ${e.final.step} lossD ${num(e.final.lossD)} lossG ${num(e.final.lossG)}` : ''}`;
    case 'failed':
      return `${e.id}: failed [${e.error.code}] ${e.error.message}${e.retrying ? ' (retrying)' : ''}`;
    case 'interrupted':
      return `${e.id}: interrupted, checkpoint kept; still queued`;
  }
}
