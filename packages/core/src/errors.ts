/**
 * How a front end treats a failure: `usage` — the caller asked for something invalid (an
 * unknown name, a value out of range; the CLI exits 2), `failure` — a valid request that could
 * not be carried out (a missing or corrupt file, a network error, a diverged run; exit 1).
 */
export type ErrorKind = 'usage' | 'failure';

/**
 * The facts an error carries. One key names the thing at fault: `option` is the option,
 * argument or config key (`lrD`, `batchSize`, `p`), whatever the caller calls it; a CLI maps it
 * to its flag. `file`, `offset`, `url`, `index`, `expected` and `actual` where they apply.
 */
export interface GantryErrorDetails {
  option?: string;
  [key: string]: unknown;
}

/**
 * The one error base class of Gantry. Every error thrown on purpose by a Gantry package is a
 * `GantryError` (or a subclass) with a stable, machine-readable `code` and its `kind`.
 *
 * Subclasses share one constructor shape, `new XError(code, message, details?, cause?)`, and
 * take their `kind` from their package's list of usage codes (see {@link gantryErrorClass}).
 *
 * @example
 * try { klDivergence([0.5, 0.5], [1]); } catch (e) { if (isGantryError(e)) console.log(e.code); }
 */
export class GantryError<C extends string = string> extends Error {
  /** Stable identifier of the kind of failure, e.g. `E_LENGTH_MISMATCH`. */
  readonly code: C;
  /** Extra structured facts about the failure (option, index, file, offset...). */
  readonly details: Readonly<GantryErrorDetails>;
  /** `usage` (bad input from the caller) or `failure` (could not be done). */
  readonly kind: ErrorKind;

  constructor(
    code: C,
    message: string,
    options: { cause?: unknown; details?: GantryErrorDetails; kind?: ErrorKind } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GantryError';
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
    this.kind = options.kind ?? 'failure';
  }
}

/** What {@link gantryErrorClass} returns: a constructor of `GantryError<C>`s. */
export interface GantryErrorClass<C extends string> {
  new (code: C, message: string, details?: GantryErrorDetails, cause?: unknown): GantryError<C>;
  readonly prototype: GantryError<C>;
}

/**
 * The base of a package's error class: a `GantryError` subclass named `name` with codes `C`,
 * built as `new XError(code, message, details?, cause?)` — the one constructor shape of every
 * Gantry error class. The codes in `usage` mean the caller asked for something invalid (kind
 * `usage`, CLI exit 2); every other code is a `failure` (exit 1).
 *
 * @example
 * type TrainerErrorCode = 'E_BAD_CONFIG' | 'E_CHECKPOINT';
 * export class TrainerError extends gantryErrorClass<TrainerErrorCode>('TrainerError', ['E_BAD_CONFIG']) {}
 * throw new TrainerError('E_BAD_CONFIG', 'steps must be > 0', { option: 'steps' });
 */
export function gantryErrorClass<C extends string>(
  name: string,
  usage: readonly C[],
): GantryErrorClass<C> {
  const usageCodes = new Set<string>(usage);
  return class extends GantryError<C> {
    constructor(code: C, message: string, details: GantryErrorDetails = {}, cause?: unknown) {
      super(code, message, {
        details,
        cause,
        kind: usageCodes.has(code) ? 'usage' : 'failure',
      });
      this.name = name;
    }
  };
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

/** The {@link ErrorKind} of any thrown value: a GantryError's own, else `failure`. */
export function errorKind(error: unknown): ErrorKind {
  return isGantryError(error) && (error as { kind?: unknown }).kind === 'usage'
    ? 'usage'
    : 'failure';
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

/** An argument of a core function is malformed; `details.option` names it, with the index. */
export class InvalidArgumentError extends gantryErrorClass<CoreErrorCode>('InvalidArgumentError', [
  'E_INVALID_ARGUMENT',
]) {}
