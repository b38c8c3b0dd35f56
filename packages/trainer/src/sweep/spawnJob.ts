import { spawn } from 'node:child_process';
import {
  type JobMessage,
  type JobProcessResult,
  messageOutcome,
  parseJobMessage,
} from './jobMessages';

export type { JobProcessResult } from './jobMessages';

/** How to start the process of one job (e.g. `gantry sweep run-job --out DIR --job ID`). */
export interface JobCommand {
  file: string;
  args: readonly string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

/** Builds the command for job `id` of the sweep in `dir` (absolute). */
export type JobCommandFactory = (job: { dir: string; id: string; eval: boolean }) => JobCommand;

/** Options of {@link spawnSweepJob}. */
export interface SpawnSweepJobOptions {
  command: JobCommand;
  /** Every message of the process (start, step, …). */
  onMessage?: (message: JobMessage) => void;
  /** Aborting sends SIGTERM: the job checkpoints and stops (`interrupted`). */
  signal?: AbortSignal;
}

/** The tail of a process's stderr, for an error message. */
function tail(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.slice(-3).join(' | ').slice(-600);
}

/**
 * Starts a job's process and follows its messages (JSON lines on stdout, see
 * `runSweepJobProcess`) until it exits. A process that dies without saying how it ended (killed,
 * out of memory) is `failed` with `E_SWEEP_JOB`, its exit code or signal and its last stderr.
 */
export function spawnSweepJob(options: SpawnSweepJobOptions): Promise<JobProcessResult> {
  const { command } = options;
  const child = spawn(command.file, [...command.args], {
    // The IPC channel only tells the job's process when this one dies (see exitWithParent).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
    env: { ...process.env, ...command.env },
  });
  let outcome: JobProcessResult | undefined;
  let buffer = '';
  let stderr = '';
  const onAbort = () => child.kill('SIGTERM');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const { stdout, stderr: errors } = child as typeof child & {
    stdout: NodeJS.ReadableStream;
    stderr: NodeJS.ReadableStream;
  };
  stdout.setEncoding('utf8');
  stdout.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const message = parseJobMessage(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (!message) continue;
      options.onMessage?.(message);
      outcome = messageOutcome(message) ?? outcome;
    }
  });
  errors.setEncoding('utf8');
  errors.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise((resolve) => {
    const finish = (how: string) => {
      options.signal?.removeEventListener('abort', onAbort);
      const last = tail(stderr);
      resolve(
        outcome ?? {
          status: 'failed',
          error: {
            code: 'E_SWEEP_JOB',
            message: `the job's process ${how} without saying how the job ended${last ? `; its stderr: ${last}` : ''}`,
          },
        },
      );
    };
    child.once('error', (error) => finish(`could not start (${command.file}: ${error.message})`));
    child.once('close', (code, signal) =>
      finish(signal ? `was killed by ${signal}` : `exited with code ${code}`),
    );
  });
}
