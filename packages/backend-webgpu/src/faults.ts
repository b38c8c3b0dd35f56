import { state } from './_state';
import { adapterLabel, type GpuDeviceLike, type WebgpuAdapterInfo } from './adapter';
import { WebgpuBackendError } from './errors';

/** A failure of the GPU seen since the backend was registered. */
export interface WebgpuFault {
  kind: 'device-lost' | 'out-of-memory' | 'gpu-error';
  /** The first line of the driver's or Dawn's message. */
  message: string;
  /** For a lost device: `destroyed` or `unknown` (WebGPU's GPUDeviceLostReason). */
  reason?: string;
}

/** Where a fault happened, for the message: the trainer passes what it knows. */
export interface WebgpuFaultContext {
  /** The batch size of the step that failed (named in out-of-memory errors). */
  batchSize?: number;
  /** The step that failed. */
  step?: number;
}

/** Dawn's and the browsers' messages for allocations the device cannot hold. */
const CAPACITY =
  /out of memory|exceeds the max(imum)? buffer size|maxBufferSize|maxStorageBufferBindingSize|allocation.*fail/i;

function firstLine(text: unknown): string {
  return (
    String(text ?? '')
      .split('\n')[0]
      ?.trim() ?? ''
  );
}

/** Classifies one GPUError (from an `uncapturederror` event or a popped error scope). */
export function classifyGpuError(error: unknown): WebgpuFault {
  const kind = (error as { constructor?: { name?: string } })?.constructor?.name ?? '';
  const message = firstLine((error as { message?: string })?.message ?? error);
  if (kind === 'GPUOutOfMemoryError' || CAPACITY.test(message)) {
    return { kind: 'out-of-memory', message };
  }
  return { kind: 'gpu-error', message: kind ? `${kind}: ${message}` : message };
}

/** Records the first fault only: later errors are usually "invalid due to a previous error". */
function record(fault: WebgpuFault): void {
  if (state.monitored && (state.monitored.fault === undefined || fault.kind === 'device-lost')) {
    state.monitored.fault = fault;
  }
}

/**
 * Watches `device` for loss and uncaptured GPU errors (out of memory, validation, internal),
 * replacing any earlier watch. Called by `registerWebgpuBackend`; exported for custom setups.
 */
export function attachDeviceMonitor(device: GpuDeviceLike, adapter: WebgpuAdapterInfo): void {
  const entry: NonNullable<typeof state.monitored> = { adapter, lost: device.lost };
  state.monitored = entry;
  device.lost.then((info) => {
    if (state.monitored === entry) {
      record({
        kind: 'device-lost',
        reason: info?.reason ?? 'unknown',
        message: firstLine(info?.message) || 'no message',
      });
    }
  });
  device.addEventListener?.('uncapturederror', (event) => {
    if (state.monitored === entry) record(classifyGpuError(event.error));
  });
}

/** The first GPU fault since registration, or undefined while the device is healthy. */
export function webgpuFault(): WebgpuFault | undefined {
  return state.monitored?.fault;
}

function faultError(
  fault: WebgpuFault,
  context: WebgpuFaultContext,
  cause?: unknown,
): WebgpuBackendError {
  const adapter = state.monitored?.adapter;
  const on = adapter ? ` on ${adapterLabel(adapter)}` : '';
  const at = context.step === undefined ? '' : ` at step ${context.step}`;
  const details = { adapter, ...context, fault };
  if (fault.kind === 'device-lost') {
    return new WebgpuBackendError(
      'E_WEBGPU_DEVICE_LOST',
      `the WebGPU device${on} was lost${at} (${fault.reason}: ${fault.message}); every tensor on it is gone`,
      details,
      cause,
    );
  }
  if (fault.kind === 'out-of-memory') {
    const batch = context.batchSize === undefined ? '' : ` at batch size ${context.batchSize}`;
    return new WebgpuBackendError(
      'E_WEBGPU_OUT_OF_MEMORY',
      `out of GPU memory${on}${batch}${at}: ${fault.message}; try a smaller batch size`,
      details,
      cause,
    );
  }
  return new WebgpuBackendError(
    'E_WEBGPU_GPU_ERROR',
    `GPU error${on}${at}: ${fault.message}`,
    details,
    cause,
  );
}

/**
 * Throws the typed error of the first GPU fault (device lost, out of memory, other GPU error)
 * seen since registration; returns quietly while the device is healthy. Costs nothing: call it
 * after each asynchronous readback, or every N steps. Results computed after a fault are garbage
 * (WebGPU turns failed allocations into empty buffers), so a fault is always fatal to a run.
 *
 * @example
 * const [lossD] = await Promise.all([lossDTensor.data()]);
 * checkWebgpuDevice({ batchSize: 64, step }); // throws E_WEBGPU_OUT_OF_MEMORY, E_WEBGPU_DEVICE_LOST…
 */
export function checkWebgpuDevice(context: WebgpuFaultContext = {}): void {
  const fault = state.monitored?.fault;
  if (fault) throw faultError(fault, context);
}

/** What a failed readback from a lost device rejects with (Dawn: an empty AbortError). */
function isReadbackAbort(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'AbortError' || name === 'OperationError';
}

/**
 * Turns an error thrown while training on `webgpu` into the typed WebgpuBackendError of the
 * GPU fault behind it (device lost, out of memory with `batchSize`, GPU error), waiting briefly
 * for a loss the driver has not reported yet; any other error is returned unchanged. Without a
 * registered webgpu backend it returns `error` as it is.
 *
 * @example
 * try { await runSteps(); } catch (e) { throw await mapWebgpuError(e, { batchSize: 512, step }); }
 */
export async function mapWebgpuError(
  error: unknown,
  context: WebgpuFaultContext = {},
): Promise<unknown> {
  if (state.monitored === undefined) return error;
  if (state.monitored.fault === undefined && isReadbackAbort(error)) {
    // The device's `lost` promise settles shortly after the readback that noticed it failed.
    await Promise.race([state.monitored.lost, new Promise((resolve) => setTimeout(resolve, 200))]);
  }
  const fault = state.monitored.fault;
  if (fault) return faultError(fault, context, error);
  if (isReadbackAbort(error)) {
    return faultError(
      {
        kind: 'device-lost',
        reason: 'unknown',
        message: `readback failed (${(error as Error).name})`,
      },
      context,
      error,
    );
  }
  return error;
}
