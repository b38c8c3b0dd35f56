import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from './settings';

/** The tfjs backend in use, and why it is not the one asked for, if it is not. */
export interface ActiveBackend {
  name: string;
  note: string | null;
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

/**
 * Activates a tfjs backend. `cpu`: the CPU backend. `webgl`: WebGL, or the CPU when WebGL cannot
 * start. `auto`: WebGL on a GPU; the CPU backend when there is no WebGL or when WebGL is
 * software-rendered (then it is several times slower than the CPU backend for these small nets:
 * 200 ring iterations took 11.3 s on SwiftShader against 2.5 s on `cpu` in headless Chromium).
 */
export async function activateBackend(choice: BackendChoice): Promise<ActiveBackend> {
  let note: string | null = null;
  if (choice !== 'cpu') {
    const renderer = webglRenderer();
    if (renderer === null) {
      note = 'WebGL is not available in this browser; running on the CPU backend';
    } else if (choice === 'auto' && isSoftwareRenderer(renderer)) {
      note = `WebGL is software-rendered here (${renderer}); the CPU backend is faster, so it runs on that`;
    } else {
      try {
        if (await tf.setBackend('webgl')) {
          await tf.ready();
          return { name: tf.getBackend(), note: null };
        }
        note = 'tfjs could not start its WebGL backend; running on the CPU backend';
      } catch (e) {
        note = `tfjs' WebGL backend failed (${e instanceof Error ? e.message : String(e)}); running on the CPU backend`;
      }
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: tf.getBackend(), note };
}
