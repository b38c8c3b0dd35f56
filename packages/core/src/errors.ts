/**
 * The one error base class of Gantry. Every error thrown on purpose by a Gantry package is a
 * `GantryError` (or a subclass) with a stable, machine-readable `code`.
 *
 * @example
 * try { klDivergence([0.5, 0.5], [1]); } catch (e) { if (isGantryError(e)) console.log(e.code); }
 */
export class GantryError<C extends string = string> extends Error {
  /** Stable identifier of the kind of failure, e.g. `E_LENGTH_MISMATCH`. */
  readonly code: C;
  /** Extra structured facts about the failure (argument name, index, file, offset...). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: C,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GantryError';
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/**
 * True when `error` is a GantryError (checked by `instanceof` and, across duplicated module
 * instances, by shape), optionally with the given `code`.
 */
export function isGantryError(error: unknown, code?: string): error is GantryError {
  if (error === null || typeof error !== 'object') return false;
  const shaped =
    error instanceof GantryError ||
    (error instanceof Error &&
      typeof (error as { code?: unknown }).code === 'string' &&
      /Error$/.test(error.name) &&
      'details' in error);
  return shaped && (code === undefined || (error as GantryError).code === code);
}

/** Codes thrown by `@gantry/core` on bad input. */
export type CoreErrorCode =
  | 'E_EMPTY'
  | 'E_LENGTH_MISMATCH'
  | 'E_NOT_FINITE'
  | 'E_NEGATIVE'
  | 'E_NOT_NORMALISED'
  | 'E_OUT_OF_RANGE'
  | 'E_INVALID_ARGUMENT'
  | 'E_BACKEND_UNAVAILABLE';

/** An argument of a core function is malformed; `details` names the argument and index. */
export class InvalidArgumentError extends GantryError<CoreErrorCode> {
  constructor(
    code: CoreErrorCode,
    message: string,
    details: { argument: string; index?: number; [key: string]: unknown },
  ) {
    super(code, message, { details });
    this.name = 'InvalidArgumentError';
  }
}
