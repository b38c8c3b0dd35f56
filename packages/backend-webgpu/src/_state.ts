import type { GpuDeviceLike, GpuLike, WebgpuAdapterInfo } from './adapter';
import type { WebgpuFault } from './faults';
import type { WebgpuBackendInfo } from './registerWebgpuBackend';

/** What this package remembers per process: the registration and the device's first fault. */
export interface WebgpuState {
  registered?: { info: WebgpuBackendInfo; device: GpuDeviceLike; gpu: GpuLike };
  monitored?: { adapter: WebgpuAdapterInfo; fault?: WebgpuFault; lost: Promise<unknown> };
}

/**
 * The one state object of the process, kept on globalThis: the `.` and `./node` builds each carry
 * a copy of the code (no shared chunk between ESM and CJS), and both must see the same device.
 */
export const state: WebgpuState = ((globalThis as Record<symbol, WebgpuState>)[
  Symbol.for('@gantry/backend-webgpu')
] ??= {});
