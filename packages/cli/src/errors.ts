import { GantryError, isGantryError } from '@gantry/core';

/** A command line that cannot be run as written: bad flag, value or config (exit code 2). */
export class UsageError extends GantryError<'E_USAGE'> {
  constructor(message: string) {
    super('E_USAGE', message);
    this.name = 'UsageError';
  }
}

/** Codes of library errors that mean "the user asked for something invalid" (exit code 2). */
const USAGE_CODES = new Set([
  'E_USAGE',
  'E_BAD_CONFIG',
  'E_UNKNOWN_LOSS',
  'E_UNKNOWN_OPTION',
  'E_BAD_OPTION',
  'E_UNKNOWN_MODEL',
  'E_BAD_MODEL_OPTION',
  'E_UNKNOWN_DATASET',
  'E_INVALID_ARGUMENT',
  'E_UNSUPPORTED',
]);

/** Exit codes: 0 success, 1 runtime failure, 2 usage error, 130 interrupted (SIGINT). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** The exit code for an error that reached the top of the CLI. */
export function exitCodeFor(error: unknown): number {
  if (isGantryError(error) && USAGE_CODES.has(error.code)) return EXIT.usage;
  if ((error as { name?: string })?.name === 'CLIError') return EXIT.usage;
  return EXIT.failure;
}
