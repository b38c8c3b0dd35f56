import * as tf from '@tensorflow/tfjs-core';
import { findSwiftShaderIcd, registerWebgpuBackend, type WebgpuBackendInfo } from '../src/node';

/** The webgpu backend on SwiftShader, or why it is unavailable here. */
export type SwiftShaderSetup =
  | { ok: true; info: WebgpuBackendInfo }
  | { ok: false; reason: string };

let setup: Promise<SwiftShaderSetup> | undefined;

async function create(): Promise<SwiftShaderSetup> {
  const icd = findSwiftShaderIcd();
  if (icd === undefined) {
    return {
      ok: false,
      reason:
        "SwiftShader's Vulkan ICD not found (install Debian's chromium: `dpkg -L chromium-common | grep swiftshader`)",
    };
  }
  // The Vulkan loader and SwiftShader warn about a missing runtime dir on every start.
  process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
  try {
    const info = await registerWebgpuBackend({ vulkanIcd: icd, allowSoftware: true });
    // tfjs-backend-webgpu runs ops on inputs under 1,000 values that are still on the CPU with
    // the cpu kernels; the tests' small shapes would then never reach a GPU kernel.
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    return { ok: true, info };
  } catch (error) {
    const hint = /no WebGPU adapter/.test(String(error))
      ? ' (is the Vulkan loader installed? Debian: apt-get install libvulkan1)'
      : '';
    return { ok: false, reason: `${(error as Error).message}${hint}` };
  }
}

/**
 * Registers `webgpu` on SwiftShader once per test file. Under CI (CI set) a missing ICD or
 * adapter throws, so the suite fails and says why; elsewhere the caller skips with the reason.
 */
export async function useSwiftShader(): Promise<SwiftShaderSetup> {
  setup ??= create();
  const result = await setup;
  if (!result.ok && process.env['CI']) {
    throw new Error(
      `webgpu tests need SwiftShader in CI (.ci/run installs chromium, libvulkan1): ${result.reason}`,
    );
  }
  if (!result.ok) console.warn(`skipping webgpu tests outside CI: ${result.reason}`);
  return result;
}

/** Runs `fn` with `backend` active, then restores the previous backend. */
export async function onBackend<T>(backend: string, fn: () => Promise<T> | T): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return await fn();
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}
