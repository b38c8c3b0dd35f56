import { availableParallelism } from 'node:os';
import { isGantryError, selectBackend } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  NATIVE_BACKEND_NAME,
  NATIVE_KERNELS,
  nativeBackendInfo,
  registerNativeBackend,
  setNativeThreads,
} from './index';

describe('registerNativeBackend', () => {
  it('importing the package registered nothing', () => {
    expect(tf.findBackendFactory(NATIVE_BACKEND_NAME)).toBeNull();
    expect(tf.getKernelsForBackend(NATIVE_BACKEND_NAME)).toEqual([]);
  });

  it('registers `native`: its own kernels for the hot ops, every other cpu kernel copied', async () => {
    await useCpuBackend();
    expect(await registerNativeBackend()).toBe('native');
    expect(tf.findBackendFactory('native')).not.toBeNull();
    for (const name of NATIVE_KERNELS) {
      const native = tf.getKernel(name, 'native');
      expect(native, name).toBeDefined();
      expect(native?.kernelFunc, name).not.toBe(tf.getKernel(name, 'cpu')?.kernelFunc);
    }
    const cpuNames = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    const nativeNames = new Set(tf.getKernelsForBackend('native').map((k) => k.kernelName));
    expect(cpuNames.filter((k) => !nativeNames.has(k))).toEqual([]);
    // Registering does not switch the active backend.
    expect(tf.getBackend()).toBe('cpu');
  });

  it('is harmless to call again: same name, same kernels, no warnings', async () => {
    const before = tf.getKernel('BatchMatMul', 'native');
    const warn = vi.spyOn(console, 'warn');
    expect(await registerNativeBackend()).toBe('native');
    expect(tf.getKernel('BatchMatMul', 'native')).toBe(before);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('can register a BLAS-only copy under another name', async () => {
    expect(await registerNativeBackend({ name: 'nativeblas', elementwise: false })).toBe(
      'nativeblas',
    );
    expect(tf.getKernel('Add', 'nativeblas')?.kernelFunc).toBe(
      tf.getKernel('Add', 'cpu')?.kernelFunc,
    );
    expect(tf.getKernel('BatchMatMul', 'nativeblas')?.kernelFunc).not.toBe(
      tf.getKernel('BatchMatMul', 'cpu')?.kernelFunc,
    );
    await tf.setBackend('nativeblas');
    expect(Array.from(tf.tidy(() => tf.matMul([[1, 2]], [[3], [4]])).dataSync())).toEqual([11]);
    await tf.setBackend('cpu');
  });

  it('rejects bad options with E_INVALID_ARGUMENT naming the option', async () => {
    for (const threads of [0, 1.5, -2, Number.NaN]) {
      await registerNativeBackend({ threads }).then(
        () => expect.fail(`threads ${threads} accepted`),
        (e) => {
          expect(isGantryError(e, 'E_INVALID_ARGUMENT')).toBe(true);
          expect(e.message).toMatch(/threads must be an integer in \[1, 1024\]/);
        },
      );
    }
    await expect(registerNativeBackend({ name: 'my_native' })).rejects.toThrowError(/without "_"/);
  });

  it('reports the BLAS, the kernels chosen for this CPU and the addon', () => {
    const info = nativeBackendInfo();
    expect(info.addonPath).toMatch(
      /(build[/\\]Release[/\\]gantry_native|prebuilds[/\\]\w+-\w+[/\\][^/\\]+)\.node$/,
    );
    expect(info.prebuilt).toBe(/prebuilds/.test(info.addonPath));
    expect(['baseline', 'avx2', 'avx512']).toContain(info.isa);
    if (info.blasKind === 'openblas') expect(info.blas).toMatch(/^OpenBLAS \d+\.\d+\.\d+/);
    else expect(info.blas).toMatch(/^built-in GEMM \(/);
  });

  it('uses every core by default, else GANTRY_NATIVE_THREADS or the threads option', async () => {
    const saved = process.env['GANTRY_NATIVE_THREADS'];
    try {
      delete process.env['GANTRY_NATIVE_THREADS'];
      await registerNativeBackend();
      expect(nativeBackendInfo().threads).toBe(availableParallelism());
      process.env['GANTRY_NATIVE_THREADS'] = '3';
      await registerNativeBackend();
      expect(nativeBackendInfo().threads).toBe(3);
      await registerNativeBackend({ threads: 2 });
      expect(nativeBackendInfo().threads).toBe(2);
      process.env['GANTRY_NATIVE_THREADS'] = 'lots';
      const error = await registerNativeBackend().catch((e) => e);
      expect(isGantryError(error, 'E_INVALID_ARGUMENT')).toBe(true);
      expect(error.message).toMatch(/\(GANTRY_NATIVE_THREADS\); got lots/);
      expect(setNativeThreads(1)).toBe(1);
      expect(nativeBackendInfo().threads).toBe(1);
    } finally {
      if (saved === undefined) delete process.env['GANTRY_NATIVE_THREADS'];
      else process.env['GANTRY_NATIVE_THREADS'] = saved;
    }
  });
});

describe('selectBackend picks native when it is installed', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('chooses native after tensorflow, also for conv training', async () => {
    const importModule = (id: string) =>
      import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>;
    const sel = await selectBackend({ importModule, requiredKernels: ['Conv2DBackpropFilter'] });
    expect(sel.backend).toBe('native');
    expect(sel.package).toBe('@gantry/backend-native');
    expect(sel.skipped.map((s) => s.candidate)).toEqual(['tensorflow', 'webgpu']);
    expect(tf.getBackend()).toBe('native');
    const { threads, blasKind, convKind } = nativeBackendInfo();
    expect(sel.threads).toBe(threads);
    const libraries = convKind === 'onednn' ? `${blasKind} \\+ onednn` : blasKind;
    expect(sel.summary).toMatch(
      new RegExp(
        `^backend native \\(@gantry/backend-native, cpu, ${threads} threads?, ${libraries}\\)`,
      ),
    );
  });
});
