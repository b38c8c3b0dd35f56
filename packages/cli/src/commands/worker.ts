import { startSweepWorker } from '@gantry/trainer/node';
import { defineCommand } from 'citty';
import { EXIT, UsageError } from '../errors';
import { checkFlags, numberFlag } from '../flags';
import type { CliContext } from '../io';
import { jobCommand } from './sweep';

const args = {
  queue: {
    type: 'string',
    description: 'Redis of the sweep queue, e.g. redis://HOST:6379',
    valueHint: 'URL',
  },
  concurrency: {
    type: 'string',
    description: 'jobs at once, each in its own process with cores ÷ N native threads (default 1)',
  },
  name: { type: 'string', description: 'name in summaries and on the queue (default HOST:PID)' },
} as const;

/** `gantry worker`: takes sweep jobs from a BullMQ queue until stopped (Ctrl-C, SIGTERM). */
export function workerCommand({ io, exit }: CliContext) {
  return defineCommand({
    meta: {
      name: 'worker',
      description:
        'Take the jobs of `gantry sweep --queue` from Redis and train them (the sweep folder must be on storage this machine shares, at the same path)',
    },
    args,
    async run({ args: a, rawArgs }) {
      checkFlags('gantry worker', rawArgs, args);
      if (typeof a.queue !== 'string') {
        throw new UsageError('E_USAGE', 'gantry worker needs --queue redis://HOST:PORT');
      }
      const concurrency = numberFlag('concurrency', a.concurrency, true);
      const worker = await startSweepWorker({
        url: a.queue,
        command: jobCommand(io),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(a.name ? { name: a.name } : {}),
        onLog: (line) => io.stderr(`${line}\n`),
      });
      let stopped = false;
      const stop = () => {
        stopped = true;
        io.stderr(
          `worker ${worker.name}: stopping; running jobs checkpoint and go back on the queue\n`,
        );
        void worker.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await worker.done;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      if (stopped) exit.code = EXIT.interrupted;
    },
  });
}
