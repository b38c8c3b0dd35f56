import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { GpuLike } from './adapter';
import { WebgpuBackendError } from './errors';
import {
  registerWebgpuBackend as registerOnGpu,
  type WebgpuBackendInfo,
  type WebgpuBackendOptions,
} from './registerWebgpuBackend';

export * from './index';

/** Options of {@link installDawnGpu}. */
export interface DawnOptions {
  /**
   * Vulkan ICD manifest to use (sets `VK_ICD_FILENAMES` before Dawn starts), e.g. SwiftShader's
   * from {@link findSwiftShaderIcd}; default: the system's drivers.
   */
  vulkanIcd?: string;
  /** Flags for Dawn's `create()` (e.g. `backend=vulkan`); default none. */
  dawnFlags?: string[];
  /** Imports a module by name (default: from this package's location). */
  importModule?: (specifier: string) => Promise<Record<string, unknown>>;
}

const ownImport = (id: string) => import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>;
let installed: Promise<GpuLike> | undefined;

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function install(options: DawnOptions): Promise<GpuLike> {
  if (options.vulkanIcd !== undefined) {
    if (!existsSync(options.vulkanIcd)) {
      throw new WebgpuBackendError(
        'E_INVALID_ARGUMENT',
        `Vulkan ICD manifest ${options.vulkanIcd} does not exist`,
        { option: 'vulkanIcd', path: options.vulkanIcd },
      );
    }
    process.env['VK_ICD_FILENAMES'] = options.vulkanIcd;
  }
  let dawn: Record<string, unknown>;
  try {
    dawn = await (options.importModule ?? ownImport)('webgpu');
  } catch (error) {
    throw new WebgpuBackendError(
      isNotFound(error) ? 'E_WEBGPU_NOT_INSTALLED' : 'E_WEBGPU_UNSUPPORTED',
      isNotFound(error)
        ? 'the optional peer `webgpu` (Dawn for Node, 132 MB) is not installed: `npm install webgpu` beside Gantry to train on a GPU'
        : `the \`webgpu\` package failed to load: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
      {},
      error,
    );
  }
  const create = dawn['create'] as (flags: string[]) => GpuLike;
  const globals = (dawn['globals'] ?? {}) as Record<string, unknown>;
  const scope = globalThis as Record<string, unknown>;
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; tfjs-backend-webgpu reads them so.
  for (const [key, value] of Object.entries(globals)) if (!(key in scope)) scope[key] = value;
  const gpu = create(options.dawnFlags ?? []);
  const navigator = scope['navigator'] as Record<string, unknown> | undefined;
  if (navigator === undefined) {
    scope['navigator'] = { gpu };
  } else {
    // Node 21+ has a `navigator` of its own, without `gpu`.
    Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  }
  return gpu;
}

/**
 * Node only: loads Dawn from the optional peer `webgpu` and installs it as `navigator.gpu` (with
 * WebGPU's constant globals such as `GPUBufferUsage`), once per process; returns it. Throws a
 * WebgpuBackendError `E_WEBGPU_NOT_INSTALLED` when `webgpu` is absent. An existing
 * `navigator.gpu` is kept.
 *
 * @example
 * const gpu = await installDawnGpu({ vulkanIcd: findSwiftShaderIcd() }); // SwiftShader: no GPU needed
 */
export function installDawnGpu(options: DawnOptions = {}): Promise<GpuLike> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing !== undefined) return Promise.resolve(existing);
  installed ??= install(options).catch((error: unknown) => {
    installed = undefined;
    throw error;
  });
  return installed;
}

/** Manifests of CPU implementations of Vulkan (lavapipe, SwiftShader): never a GPU. */
const SOFTWARE_ICD = /lvp_icd|swiftshader/i;

/**
 * Linux: the Vulkan driver manifests (ICDs) the Vulkan loader would find, from the folders of the
 * loader's search order (`$XDG_CONFIG_DIRS`, /etc, `$XDG_DATA_HOME`, `$XDG_DATA_DIRS` + `vulkan/icd.d`).
 *
 * @example
 * vulkanDriverManifests(); // ['/usr/share/vulkan/icd.d/nvidia_icd.json']
 */
export function vulkanDriverManifests(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const configDirs = (env['XDG_CONFIG_DIRS'] || '/etc/xdg').split(':');
  const dataDirs = (env['XDG_DATA_DIRS'] || '/usr/local/share:/usr/share').split(':');
  const dataHome = env['XDG_DATA_HOME'] || join(homedir(), '.local/share');
  const folders = [...configDirs, '/etc', dataHome, ...dataDirs].map((d) =>
    join(d, 'vulkan/icd.d'),
  );
  return [...new Set(folders)].flatMap((folder) => {
    try {
      return readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => join(folder, name));
    } catch {
      return [];
    }
  });
}

/**
 * Where `auto` would only find a software adapter or none, says so without starting Dawn (which
 * prints the Vulkan loader's warnings): Linux, no Vulkan ICD chosen by VK_ICD_FILENAMES or
 * VK_DRIVER_FILES, and no manifest but lavapipe's or SwiftShader's.
 */
function assertHardwareDriver(): void {
  if (process.platform !== 'linux') return;
  if (process.env['VK_ICD_FILENAMES'] || process.env['VK_DRIVER_FILES']) return;
  const manifests = vulkanDriverManifests();
  if (manifests.some((m) => !SOFTWARE_ICD.test(m))) return;
  const found = manifests.length ? `only ${manifests.join(', ')}` : 'none';
  throw new WebgpuBackendError(
    'E_WEBGPU_NO_ADAPTER',
    `no WebGPU adapter: no Vulkan GPU driver installed (ICD manifests in vulkan/icd.d: ${found}); ` +
      'install the GPU vendor driver and libvulkan1, or pass --backend webgpu (allowSoftware) for a software adapter',
    { manifests },
  );
}

/**
 * Node: {@link installDawnGpu}, then the browser-safe `registerWebgpuBackend` on Dawn. Without
 * `allowSoftware`, a Linux machine with no Vulkan GPU driver is refused before Dawn starts.
 *
 * @example
 * import { registerWebgpuBackend } from '@gantry/backend-webgpu/node';
 * const { name, adapter } = await registerWebgpuBackend(); // throws E_WEBGPU_SOFTWARE_ADAPTER on SwiftShader
 * await tf.setBackend(name);
 */
export async function registerWebgpuBackend(
  options: WebgpuBackendOptions & DawnOptions = {},
): Promise<WebgpuBackendInfo> {
  if (
    options.gpu === undefined &&
    options.allowSoftware !== true &&
    options.vulkanIcd === undefined
  ) {
    const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    if (existing === undefined) assertHardwareDriver();
  }
  const gpu = options.gpu ?? (await installDawnGpu(options));
  return registerOnGpu({ ...options, gpu });
}

/** Where Linux distributions' Chromium and Chrome packages put SwiftShader's Vulkan ICD. */
const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json', // Debian (chromium-common)
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json', // Ubuntu, Arch
  '/usr/lib64/chromium-browser/vk_swiftshader_icd.json', // Fedora
  '/opt/google/chrome/vk_swiftshader_icd.json', // Google Chrome
];

/**
 * The path of SwiftShader's Vulkan ICD manifest (a CPU implementation of Vulkan that Chromium
 * ships), or undefined: `GANTRY_SWIFTSHADER_ICD` when set, else the first of Chromium's and
 * Chrome's usual locations that exists. For tests and benchmarks on machines without a GPU.
 *
 * @example
 * findSwiftShaderIcd(); // '/usr/lib/chromium/vk_swiftshader_icd.json' with Debian's chromium
 */
export function findSwiftShaderIcd(
  candidates: readonly string[] = SWIFTSHADER_ICDS,
): string | undefined {
  const fromEnv = process.env['GANTRY_SWIFTSHADER_ICD'];
  if (fromEnv) return fromEnv;
  return candidates.find((path) => existsSync(path));
}
