import { gantryErrorClass } from '@gantry/core';

/** Codes thrown by `@gantry/backend-webgpu`. */
export type WebgpuErrorCode =
  /** Node: the optional peer `webgpu` (Dawn) is not installed. */
  | 'E_WEBGPU_NOT_INSTALLED'
  /** No `navigator.gpu` (a browser without WebGPU) and none passed in. */
  | 'E_WEBGPU_UNSUPPORTED'
  /** `requestAdapter()` found no adapter (no GPU driver, no Vulkan ICD). */
  | 'E_WEBGPU_NO_ADAPTER'
  /** Only a software adapter (SwiftShader, llvmpipe, WARP) and software was not allowed. */
  | 'E_WEBGPU_SOFTWARE_ADAPTER'
  /** The adapter refused a device, e.g. a limit tfjs needs. */
  | 'E_WEBGPU_DEVICE_FAILED'
  /** The device was lost or destroyed (driver reset, GPU unplugged, `device.destroy()`). */
  | 'E_WEBGPU_DEVICE_LOST'
  /** Out of GPU memory, or a buffer over the adapter's size limit: a batch too large. */
  | 'E_WEBGPU_OUT_OF_MEMORY'
  /** `dataSync()`/`arraySync()` of a GPU tensor where WebGPU cannot read synchronously (Node). */
  | 'E_WEBGPU_SYNC_READ'
  /** Any other GPU error (validation, internal) raised while training. */
  | 'E_WEBGPU_GPU_ERROR'
  | 'E_INVALID_ARGUMENT';

/**
 * A WebGPU backend failure; the message names the adapter (and, for out-of-memory, the batch
 * size), `details` carries `adapter`, `batchSize`, `step`, `fault` where known. Every code but
 * `E_INVALID_ARGUMENT` (kind `usage`) is a `failure`.
 *
 * @example
 * try { await registerWebgpuBackend(); } catch (e) { if (isGantryError(e, 'E_WEBGPU_NO_ADAPTER')) console.warn(e.message); }
 */
export class WebgpuBackendError extends gantryErrorClass<WebgpuErrorCode>('WebgpuBackendError', [
  'E_INVALID_ARGUMENT',
]) {}
