// Runs one measurement program of the benchmark in its own process.
import { spawnSync } from 'node:child_process';

/**
 * Runs a program that prints one JSON object on its last stdout line; returns that object, or
 * `{ error }` (it failed: its last line of output) or `{ skipped }` (it ran past `timeoutMs`).
 */
export function runJson(command, args, { cwd, env, timeoutMs }) {
  const r = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') {
    return { skipped: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  }
  if (r.error) return { error: r.error.message };
  const line = r.stdout.trim().split('\n').filter(Boolean).pop();
  try {
    return JSON.parse(line ?? '');
  } catch {
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').pop() };
  }
}
