// A `gantry worker` for the queue tests, bundled by bundleForNode:
// `node sweepWorkerMain.mjs URL NAME CHILD.mjs [MAX_STALLED]`. Short locks so a killed worker's job is
// picked up again in seconds. Prints "ready" once it takes jobs; exits 1 with the error when
// Redis is lost, 0 after SIGTERM.
import { startSweepWorker } from '../sweep/sweepWorker';

const [url = '', name = '', child = '', maxStalled] = process.argv.slice(2);
try {
  const worker = await startSweepWorker({
    url,
    name,
    command: ({ dir, id }) => ({ file: process.execPath, args: [child, dir, id] }),
    lockDurationMs: 2000,
    stalledIntervalMs: 1000,
    limits: { connectTimeoutMs: 1000, retries: 3 },
    lostGraceMs: 1000,
    ...(maxStalled ? { maxStalledCount: Number(maxStalled) } : {}),
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  process.once('SIGTERM', () => void worker.stop());
  process.stdout.write('ready\n');
  await worker.done;
} catch (error) {
  process.stderr.write(
    `worker failed: [${(error as { code?: string }).code}] ${(error as Error).message}\n`,
  );
  process.exitCode = 1;
}
