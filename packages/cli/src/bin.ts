#!/usr/bin/env node
import { installTempFileCleanup } from '@gantry/core/node';
import { runCli } from './cli';

// On SIGINT/SIGTERM every temporary file still being written (downloads, sample grids, eval
// reports, checkpoint folders) is removed before the process dies of the signal; `gantry train`
// stops gracefully instead (its own listener), with a checkpoint, and whatever is still
// registered when it exits is removed then.
installTempFileCleanup();

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gantry: unexpected error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
