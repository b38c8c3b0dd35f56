import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { isGantryError } from './errors';

describe('selectBackend (fallback path: no tfjs-node, no native backend here)', () => {
  it('skips tensorflow, webgpu and native with a reason, then picks wasm', async () => {
    const sel = await selectBackend();
    expect(sel.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.skipped.map((s) => s.candidate)).toEqual(['tensorflow', 'webgpu', 'native']);
    expect(sel.skipped[0]?.reason).toMatch(/@tensorflow\/tfjs-node-gpu: not installed/);
    expect(sel.skipped[1]?.reason).toBe('not installed');
    expect(sel.skipped[2]?.reason).toMatch(/not installed/);
    expect(sel.adapter).toBeUndefined();
    expect(sel.summary).toMatch(
      /^backend wasm \(@tensorflow\/tfjs-backend-wasm, cpu\); skipped: tensorflow/,
    );
    // The wasm backend really computes.
    expect(Array.from(tf.tidy(() => tf.matMul([[1, 2]], [[3], [4]])).dataSync())).toEqual([11]);
  });

  it('skips wasm for conv training (no Conv2DBackpropFilter) and falls back to cpu', async () => {
    const sel = await selectBackend({ requiredKernels: ['Conv2DBackpropFilter'] });
    expect(sel.backend).toBe('cpu');
    expect(sel.skipped.find((s) => s.candidate === 'wasm')?.reason).toBe(
      'lacks kernel Conv2DBackpropFilter',
    );
  });

  it('honours an explicit choice and fails clearly when it is unavailable', async () => {
    expect((await selectBackend({ prefer: 'cpu' })).backend).toBe('cpu');
    await expect(selectBackend({ prefer: 'tensorflow' })).rejects.toThrowError(
      /no usable tfjs backend: tensorflow \(@tensorflow\/tfjs-node-gpu: not installed; @tensorflow\/tfjs-node: not installed\)/,
    );
    await selectBackend({ prefer: 'gpu' as never }).catch((e) => {
      expect(isGantryError(e, 'E_INVALID_ARGUMENT')).toBe(true);
      expect(e.message).toMatch(/unknown backend "gpu"/);
    });
  });

  it('records a loader that throws and moves on', async () => {
    const sel = await selectBackend({
      loaders: {
        tensorflow: async () => {
          throw new Error('libtensorflow.so: cannot open shared object file');
        },
        webgpu: async () => {
          throw new Error('no WebGPU adapter');
        },
        native: async () => {
          throw new Error('addon not built');
        },
        wasm: async () => {
          throw new Error('no WebAssembly');
        },
      },
    });
    expect(sel.backend).toBe('cpu');
    expect(sel.skipped).toEqual([
      { candidate: 'tensorflow', reason: 'libtensorflow.so: cannot open shared object file' },
      { candidate: 'webgpu', reason: 'no WebGPU adapter' },
      { candidate: 'native', reason: 'addon not built' },
      { candidate: 'wasm', reason: 'no WebAssembly' },
    ]);
  });
});

describe('selectBackend with a caller-supplied importer', () => {
  it('says when tfjs-node is installed without its native binding', async () => {
    const sel = await selectBackend({
      prefer: 'auto',
      importModule: async (id) => {
        if (id === '@tensorflow/tfjs-backend-cpu') return import('@tensorflow/tfjs-backend-cpu');
        if (id.startsWith('@tensorflow/tfjs-node')) {
          throw new Error(
            'The Node.js native addon module (tfjs_binding.node) can not be found at path: /a/very/long/path/lib/napi-v8/tfjs_binding.node. \nPlease run command ...',
          );
        }
        throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      },
    });
    expect(sel.skipped[0]?.reason).toBe(
      '@tensorflow/tfjs-node-gpu: native binding not built (install script not run, or libtensorflow download failed); @tensorflow/tfjs-node: native binding not built (install script not run, or libtensorflow download failed)',
    );
  });

  it('resolves backend packages through importModule', async () => {
    const asked: string[] = [];
    const sel = await selectBackend({
      importModule: async (id) => {
        asked.push(id);
        if (id === '@tensorflow/tfjs-backend-cpu') return import('@tensorflow/tfjs-backend-cpu');
        throw Object.assign(new Error(`Cannot find module '${id}'`), {
          code: 'ERR_MODULE_NOT_FOUND',
        });
      },
    });
    expect(sel.backend).toBe('cpu');
    expect(asked).toEqual([
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
      '@gantry/backend-webgpu/node',
      '@gantry/backend-native',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
    ]);
    expect(sel.skipped.map((s) => s.reason)).toEqual([
      '@tensorflow/tfjs-node-gpu: not installed; @tensorflow/tfjs-node: not installed',
      'not installed',
      'not installed',
      'not installed',
    ]);
  });

  it('passes threads to the native backend and reports them in the summary', async () => {
    const calls: unknown[] = [];
    const sel = await selectBackend({
      threads: 3,
      importModule: async (id) => {
        if (id === '@tensorflow/tfjs-backend-cpu') return import('@tensorflow/tfjs-backend-cpu');
        if (id === '@gantry/backend-native') {
          return {
            registerNativeBackend: async (options: unknown) => {
              calls.push(options);
              return 'cpu'; // a stand-in: the cpu backend, registered under its own name
            },
            nativeBackendInfo: () => ({ threads: 3, blasKind: 'openblas' }),
          };
        }
        throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      },
    });
    expect(calls).toEqual([{ threads: 3 }]);
    expect(sel.threads).toBe(3);
    expect(sel.summary).toMatch(
      /^backend cpu \(@gantry\/backend-native, cpu, 3 threads, openblas\); skipped: tensorflow/,
    );
  });

  it('keeps the command that fixes a long reason when it cuts the reason', async () => {
    const fix = 'npm rebuild @gantry/backend-native';
    const reason = `no prebuilt binary and the source build failed: ${'x'.repeat(400)}`;
    const sel = await selectBackend({
      loaders: {
        tensorflow: async () => {
          throw new Error('not here');
        },
        native: async () => {
          throw Object.assign(new Error(`${reason}. Fix: ${fix}`), { details: { fix } });
        },
      },
      prefer: 'auto',
      importModule: async (id) => {
        if (id === '@tensorflow/tfjs-backend-wasm') throw new Error('no wasm here');
        return import('@tensorflow/tfjs-backend-cpu');
      },
    });
    const native = sel.skipped.find((s) => s.candidate === 'native')?.reason ?? '';
    expect(native.length).toBeLessThanOrEqual(320);
    expect(native).toMatch(/^no prebuilt binary and the source build failed: x+…\. Fix: /);
    expect(native.endsWith(`Fix: ${fix}`)).toBe(true);
  });
});

describe('selectBackend: the webgpu candidate', () => {
  const swiftshader = {
    vendor: 'google',
    architecture: 'swiftshader',
    device: '',
    description: 'SwiftShader driver 5.0.0',
    software: true,
  };
  /** A stand-in for @gantry/backend-webgpu/node that registers cpu under another name. */
  function fakeWebgpu(adapter: typeof swiftshader, asked: unknown[]) {
    return async (id: string): Promise<Record<string, unknown>> => {
      if (id === '@tensorflow/tfjs-backend-cpu') return import('@tensorflow/tfjs-backend-cpu');
      if (id !== '@gantry/backend-webgpu/node') {
        throw Object.assign(new Error(`Cannot find module '${id}'`), {
          code: 'ERR_MODULE_NOT_FOUND',
        });
      }
      return {
        registerWebgpuBackend: async (options: { allowSoftware: boolean }) => {
          asked.push(options);
          if (adapter.software && !options.allowSoftware) {
            throw new Error(`only a software adapter: ${adapter.vendor} ${adapter.architecture}`);
          }
          await import('@tensorflow/tfjs-backend-cpu');
          return { name: 'cpu', adapter };
        },
      };
    };
  }

  it('auto passes over a software adapter, saying so', async () => {
    const asked: unknown[] = [];
    const sel = await selectBackend({ importModule: fakeWebgpu(swiftshader, asked) });
    expect(asked).toEqual([{ allowSoftware: false }]);
    expect(sel.skipped[1]).toEqual({
      candidate: 'webgpu',
      reason: 'only a software adapter: google swiftshader',
    });
    expect(sel.adapter).toBeUndefined();
  });

  it('--backend webgpu takes the software adapter and records it (device cpu)', async () => {
    const asked: unknown[] = [];
    const sel = await selectBackend({
      prefer: 'webgpu',
      importModule: fakeWebgpu(swiftshader, asked),
    });
    expect(asked).toEqual([{ allowSoftware: true }]);
    expect(sel.adapter).toEqual(swiftshader);
    expect(sel.device).toBe('cpu');
    expect(sel.package).toBe('@gantry/backend-webgpu');
    expect(sel.summary).toBe(
      'backend cpu (@gantry/backend-webgpu, cpu: google swiftshader, SwiftShader driver 5.0.0, software)',
    );
  });

  it('auto takes a hardware adapter: device gpu, the adapter in the summary', async () => {
    const gpu = {
      vendor: 'nvidia',
      architecture: 'hopper',
      device: '',
      description: 'NVIDIA H200',
      software: false,
    };
    const sel = await selectBackend({ importModule: fakeWebgpu(gpu, []) });
    expect(sel.device).toBe('gpu');
    expect(sel.adapter).toEqual(gpu);
    expect(sel.summary).toMatch(
      /^backend cpu \(@gantry\/backend-webgpu, gpu: nvidia hopper, NVIDIA H200\); skipped: tensorflow/,
    );
  });
});
