/** What WebGPU's `GPUAdapterInfo` says about an adapter (all strings may be empty). */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** The parts of a WebGPU `GPUDevice` this package uses (structural: no WebGPU typings needed). */
export interface GpuDeviceLike {
  readonly lost: Promise<{ reason?: string; message?: string }>;
  addEventListener?(type: 'uncapturederror', listener: (event: { error?: unknown }) => void): void;
  destroy(): void;
}

/** The parts of a WebGPU `GPUAdapter` this package uses. */
export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  readonly features: { has(name: string): boolean };
  readonly limits: Record<string, number | undefined> | object;
  requestDevice(descriptor?: {
    requiredFeatures?: string[];
    requiredLimits?: Record<string, number>;
  }): Promise<GpuDeviceLike>;
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
}

/** The parts of WebGPU's `GPU` (`navigator.gpu`) this package uses. */
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
    forceFallbackAdapter?: boolean;
  }): Promise<GpuAdapterLike | null>;
}

/** The adapter a WebGPU backend runs on, as printed and recorded in a run's config.json. */
export interface WebgpuAdapterInfo {
  /** e.g. `nvidia`, `amd`, `intel`, `apple`, `google` (SwiftShader). */
  vendor: string;
  /** e.g. `ampere`, `rdna-3`, `gen-12lp`, `swiftshader`. */
  architecture: string;
  /** Driver's device name, when the browser or Dawn exposes it. */
  device: string;
  /** Human-readable, e.g. `NVIDIA GeForce RTX 4090` or `SwiftShader driver 5.0.0`. */
  description: string;
  /** True for a CPU implementation (SwiftShader, llvmpipe/lavapipe, WARP) or a fallback adapter. */
  software: boolean;
}

/** Names of CPU implementations of Vulkan/D3D/Metal that a WebGPU adapter may sit on. */
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/**
 * Reads an adapter's vendor, architecture, device and description and decides whether it is a
 * software adapter: `isFallbackAdapter` set, or a known CPU implementation named in any field.
 *
 * @example
 * describeAdapter(await navigator.gpu.requestAdapter()); // { vendor: 'nvidia', …, software: false }
 */
export async function describeAdapter(adapter: GpuAdapterLike): Promise<WebgpuAdapterInfo> {
  const info: GpuAdapterInfoLike =
    adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  const fields = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    SOFTWARE_NAMES.test(Object.values(fields).join(' '));
  return { ...fields, software };
}

/**
 * One line naming an adapter, e.g. `nvidia ampere (NVIDIA GeForce RTX 3090)` or
 * `google swiftshader (SwiftShader driver 5.0.0), software`.
 *
 * @example
 * adapterLabel({ vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader driver 5.0.0', software: true });
 */
export function adapterLabel(info: WebgpuAdapterInfo): string {
  const name =
    [info.vendor, info.architecture].filter((s) => s !== '').join(' ') || 'unknown adapter';
  const detail = info.description || info.device;
  return `${name}${detail ? ` (${detail})` : ''}${info.software ? ', software' : ''}`;
}
