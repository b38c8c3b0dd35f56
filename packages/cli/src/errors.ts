import { errorKind, gantryErrorClass } from '@gantry/core';

/** Codes thrown by the CLI itself. */
export type CliErrorCode = 'E_USAGE';

/** A command line that cannot be run as written: bad flag, value or config (exit code 2). */
export class UsageError extends gantryErrorClass<CliErrorCode>('UsageError', ['E_USAGE']) {}

/** Exit codes: 0 success, 1 runtime failure, 2 usage error, 130 interrupted (SIGINT). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/**
 * The exit code for an error that reached the top of the CLI, from the error's own kind: every
 * package classifies each of its codes as `usage` or `failure` where it declares them.
 */
export function exitCodeFor(error: unknown): number {
  if (errorKind(error) === 'usage') return EXIT.usage;
  if ((error as { name?: string })?.name === 'CLIError') return EXIT.usage;
  return EXIT.failure;
}
