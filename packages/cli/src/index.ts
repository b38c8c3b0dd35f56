export { createCli, runCli } from './cli';
export { EXIT, exitCodeFor, UsageError } from './errors';
export { type CliContext, type CliIO, processIO } from './io';
export { version } from './version';
