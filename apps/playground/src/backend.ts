import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from './settings';

/** The tfjs backend in use, and why it is not the one asked for, if it is not. */
export interface ActiveBackend {
  name: string;
  note: string | null;
  /** The WebGPU adapter, e.g. `nvidia ampere (NVIDIA GeForce RTX 3090)`, on `webgpu`. */
  adapter?: string;
}

/**
 * True for the renderer names of WebGL implementations that run on the CPU (SwiftShader, Mesa's
 * llvmpipe/softpipe, Microsoft's Basic Render Driver).
 *
 * @example
 * isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // true
 */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/** The WebGL renderer's name, unmasked where the browser allows; null without WebGL. */
function webglRenderer(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as
      | WebGLRenderingContext
      | WebGL2RenderingContext
      | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

/** The WebGPU backend, or why it is not used. */
type WebgpuOutcome = { ok: true; adapter: string } | { ok: false; note: string };

/**
 * Starts tfjs-backend-webgpu through `@gantry/backend-webgpu` (loaded lazily: a separate chunk
 * that only browsers with `navigator.gpu` fetch). A software adapter (SwiftShader, WARP) only when
 * `allowSoftware`.
 */
async function tryWebgpu(allowSoftware: boolean): Promise<WebgpuOutcome> {
  if (!('gpu' in navigator)) return { ok: false, note: 'this browser has no WebGPU' };
  try {
    const { adapterLabel, registerWebgpuBackend } = await import('@gantry/backend-webgpu');
    const { name, adapter } = await registerWebgpuBackend({ allowSoftware });
    if (await tf.setBackend(name)) {
      await tf.ready();
      return { ok: true, adapter: adapterLabel(adapter) };
    }
    return { ok: false, note: 'tfjs could not start its WebGPU backend' };
  } catch (e) {
    return { ok: false, note: e instanceof Error ? e.message : String(e) };
  }
}

/** WebGL as before: a note when it is missing, software-rendered (auto) or fails to start. */
async function tryWebgl(choice: BackendChoice): Promise<string | null> {
  const renderer = webglRenderer();
  if (renderer === null)
    return 'WebGL is not available in this browser; running on the CPU backend';
  if (choice === 'auto' && isSoftwareRenderer(renderer)) {
    return `WebGL is software-rendered here (${renderer}); the CPU backend is faster, so it runs on that`;
  }
  try {
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      return null;
    }
    return 'tfjs could not start its WebGL backend; running on the CPU backend';
  } catch (e) {
    return `tfjs' WebGL backend failed (${e instanceof Error ? e.message : String(e)}); running on the CPU backend`;
  }
}

/**
 * Activates a tfjs backend. `cpu`: the CPU backend. `webgpu`: WebGPU on any adapter, software
 * included, or the CPU when WebGPU cannot start. `webgl`: WebGL, or the CPU when WebGL cannot
 * start. `auto`: WebGPU on a hardware adapter; else WebGL on a GPU; else the CPU backend, also
 * when WebGL is software-rendered (then it is several times slower than the CPU backend for these
 * small nets: 200 ring iterations took 11.3 s on SwiftShader against 2.5 s on `cpu` in headless
 * Chromium).
 */
export async function activateBackend(choice: BackendChoice): Promise<ActiveBackend> {
  const notes: string[] = [];
  if (choice === 'auto' || choice === 'webgpu') {
    const webgpu = await tryWebgpu(choice === 'webgpu');
    if (webgpu.ok) return { name: tf.getBackend(), note: null, adapter: webgpu.adapter };
    notes.push(
      `WebGPU is not used (${webgpu.note})${choice === 'webgpu' ? '; running on the CPU backend' : ''}`,
    );
  }
  if (choice === 'auto' || choice === 'webgl') {
    const note = await tryWebgl(choice);
    if (note === null) return { name: tf.getBackend(), note: notes[0] ?? null };
    notes.push(note);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: tf.getBackend(), note: notes.length ? notes.join('; ') : null };
}
