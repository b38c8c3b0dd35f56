import { type ErrorKinds, GantryError, type GantryErrorDetails } from '@gantry/core';

const NATIVE_ERROR_KINDS = {
  E_NATIVE_UNAVAILABLE: 'failure',
  E_INVALID_ARGUMENT: 'usage',
} as const satisfies ErrorKinds;

/** Codes thrown by `@gantry/backend-native`. */
export type NativeErrorCode = keyof typeof NATIVE_ERROR_KINDS;

/**
 * The native backend cannot be used (addon not built, failed to load) or was misconfigured;
 * the message says why, e.g. `addon not built: cannot find -lopenblas`.
 *
 * @example
 * try { await registerNativeBackend(); } catch (e) { if (isGantryError(e, 'E_NATIVE_UNAVAILABLE')) console.warn(e.message); }
 */
export class NativeBackendError extends GantryError<NativeErrorCode> {
  constructor(
    code: NativeErrorCode,
    message: string,
    details: GantryErrorDetails = {},
    cause?: unknown,
  ) {
    super(code, message, { details, cause, kind: NATIVE_ERROR_KINDS[code] });
    this.name = 'NativeBackendError';
  }
}
