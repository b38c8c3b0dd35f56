import * as tf from '@tensorflow/tfjs-core';
import { createWebgpuBackendClass } from './_backend';
import { state } from './_state';
import {
  adapterLabel,
  describeAdapter,
  type GpuAdapterLike,
  type GpuDeviceLike,
  type GpuLike,
  type WebgpuAdapterInfo,
} from './adapter';
import { WebgpuBackendError } from './errors';
import { attachDeviceMonitor } from './faults';

/** The tfjs backend name: tfjs-backend-webgpu's kernels are registered under it. */
export const WEBGPU_BACKEND_NAME = 'webgpu';

/** Options of {@link registerWebgpuBackend}. */
export interface WebgpuBackendOptions {
  /** The WebGPU entry point (default `navigator.gpu`; in Node, `@gantry/backend-webgpu/node` sets it). */
  gpu?: GpuLike;
  /** Accept a software adapter (SwiftShader, llvmpipe, WARP): default false, as `auto` wants. */
  allowSoftware?: boolean;
  /** Which GPU of a multi-GPU machine (default `high-performance`). */
  powerPreference?: 'high-performance' | 'low-power';
  /** tfjs priority (default 3, tfjs-backend-webgpu's own). */
  priority?: number;
}

/** What {@link registerWebgpuBackend} set up. */
export interface WebgpuBackendInfo {
  /** `webgpu`: pass it to `tf.setBackend`. */
  name: string;
  adapter: WebgpuAdapterInfo;
  /** Largest buffer the device accepts, in bytes (a tensor larger than this cannot exist). */
  maxBufferSize: number;
}

function noAdapterHint(): string {
  const inNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  return inNode
    ? 'no GPU driver with Vulkan (Linux: the GPU vendor driver and libvulkan1), Metal or D3D12 was found; ' +
        'to test without a GPU point VK_ICD_FILENAMES at SwiftShader (vk_swiftshader_icd.json from chromium) ' +
        'and pass --backend webgpu'
    : 'the browser exposes WebGPU but offers no adapter (GPU blocklisted, or disabled by a flag)';
}

async function requestAdapter(
  gpu: GpuLike,
  options: WebgpuBackendOptions,
): Promise<{ adapter: GpuAdapterLike; info: WebgpuAdapterInfo }> {
  const adapter = await gpu.requestAdapter({
    powerPreference: options.powerPreference ?? 'high-performance',
  });
  if (adapter === null) {
    throw new WebgpuBackendError('E_WEBGPU_NO_ADAPTER', `no WebGPU adapter: ${noAdapterHint()}`);
  }
  const info = await describeAdapter(adapter);
  if (info.software && options.allowSoftware !== true) {
    throw new WebgpuBackendError(
      'E_WEBGPU_SOFTWARE_ADAPTER',
      `only a software adapter: ${adapterLabel(info)} (a CPU implementation, slower than the CPU backends; ` +
        'force it with --backend webgpu or allowSoftware: true)',
      { adapter: info },
    );
  }
  return { adapter, info };
}

/** The device tfjs-backend-webgpu's own factory asks for: the adapter's limits, timestamps when offered. */
async function requestDevice(
  adapter: GpuAdapterLike,
  info: WebgpuAdapterInfo,
): Promise<{ device: GpuDeviceLike; maxBufferSize: number }> {
  const limits = adapter.limits as Record<string, number>;
  const names = [
    'maxComputeWorkgroupStorageSize',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupSizeX',
    'maxComputeInvocationsPerWorkgroup',
  ];
  const requiredLimits: Record<string, number> = {};
  for (const name of names)
    if (typeof limits[name] === 'number') requiredLimits[name] = limits[name];
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) =>
    adapter.features.has(f),
  );
  try {
    const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
    return { device, maxBufferSize: requiredLimits['maxBufferSize'] ?? 0 };
  } catch (error) {
    throw new WebgpuBackendError(
      'E_WEBGPU_DEVICE_FAILED',
      `${adapterLabel(info)} refused a device: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
      { adapter: info },
      error,
    );
  }
}

/**
 * Registers tfjs-backend-webgpu as the `webgpu` tfjs backend on the best adapter of `gpu`
 * (default `navigator.gpu`) and returns its name and adapter. Its kernels are tfjs-backend-webgpu's
 * own (they match tfjs cpu on every op Gantry trains with, see the README); `dataSync()` of a GPU
 * tensor where WebGPU cannot read synchronously throws `E_WEBGPU_SYNC_READ`. Throws
 * a WebgpuBackendError when there is no WebGPU, no adapter, or only a software adapter and
 * `allowSoftware` is not set. Device loss and GPU errors are recorded from then on: see
 * {@link checkWebgpuDevice} and {@link mapWebgpuError}. Importing this package changes nothing;
 * calling this again returns the first registration (a different `gpu` replaces it).
 *
 * @example
 * const { name, adapter } = await registerWebgpuBackend(); // in a browser with a GPU
 * await tf.setBackend(name);
 * console.log(adapter.description); // e.g. 'NVIDIA GeForce RTX 3090'
 */
export async function registerWebgpuBackend(
  options: WebgpuBackendOptions = {},
): Promise<WebgpuBackendInfo> {
  if (
    state.registered !== undefined &&
    (options.gpu === undefined || options.gpu === state.registered.gpu)
  ) {
    if (state.registered.info.adapter.software && options.allowSoftware !== true) {
      throw new WebgpuBackendError(
        'E_WEBGPU_SOFTWARE_ADAPTER',
        `only a software adapter: ${adapterLabel(state.registered.info.adapter)} (registered earlier with allowSoftware)`,
        { adapter: state.registered.info.adapter },
      );
    }
    return state.registered.info;
  }
  const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (gpu === undefined) {
    throw new WebgpuBackendError(
      'E_WEBGPU_UNSUPPORTED',
      'no WebGPU here (navigator.gpu is undefined): a browser without WebGPU, or Node without ' +
        '@gantry/backend-webgpu/node (which installs Dawn from the `webgpu` package)',
    );
  }
  const { adapter, info } = await requestAdapter(gpu, options);
  const { device, maxBufferSize } = await requestDevice(adapter, info);
  // tfjs-backend-webgpu registers its kernels (and, where navigator.gpu exists, a factory that
  // picks its own adapter) when imported: only here, never on import of this package.
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const Backend = createWebgpuBackendClass(WebGPUBackend);
  if (tf.findBackendFactory(WEBGPU_BACKEND_NAME) != null) tf.removeBackend(WEBGPU_BACKEND_NAME);
  tf.registerBackend(
    WEBGPU_BACKEND_NAME,
    () => new Backend(device, adapter.info) as unknown as tf.KernelBackend,
    options.priority ?? 3,
  );
  attachDeviceMonitor(device, info);
  state.registered = {
    device,
    gpu,
    info: { name: WEBGPU_BACKEND_NAME, adapter: info, maxBufferSize },
  };
  return state.registered.info;
}

/** The adapter of the registered `webgpu` backend, or undefined before {@link registerWebgpuBackend}. */
export function webgpuAdapter(): WebgpuAdapterInfo | undefined {
  return state.registered?.info.adapter;
}
