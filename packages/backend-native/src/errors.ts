import { gantryErrorClass } from '@gantry/core';

/** Codes thrown by `@gantry/backend-native`. */
export type NativeErrorCode = 'E_NATIVE_UNAVAILABLE' | 'E_INVALID_ARGUMENT';

/**
 * The native backend cannot be used (addon not built, failed to load) or was misconfigured;
 * the message says why, e.g. `addon not built: cannot find -lopenblas`.
 *
 * @example
 * try { await registerNativeBackend(); } catch (e) { if (isGantryError(e, 'E_NATIVE_UNAVAILABLE')) console.warn(e.message); }
 */
export class NativeBackendError extends gantryErrorClass<NativeErrorCode>('NativeBackendError', [
  'E_INVALID_ARGUMENT',
]) {}
