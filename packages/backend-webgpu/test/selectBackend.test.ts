// @gantry/core's selectBackend with this package installed, on SwiftShader: `auto` passes over
// the software adapter, `--backend webgpu` (prefer: 'webgpu') takes it and records it.
import '@tensorflow/tfjs';
import { selectBackend } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useSwiftShader } from './_swiftshader';

const ss = await useSwiftShader();

/** Resolves this package to its sources, everything else as usual. */
const importModule = async (id: string): Promise<Record<string, unknown>> => {
  if (id === '@gantry/backend-webgpu/node') return import('../src/node');
  return import(/* @vite-ignore */ id);
};

describe.skipIf(!ss.ok)('selectBackend on SwiftShader', () => {
  it('auto skips webgpu (software adapter) with the adapter named, and goes on', async () => {
    const sel = await selectBackend({
      importModule,
      loaders: { native: () => Promise.reject(new Error('not here')) },
    });
    const webgpu = sel.skipped.find((s) => s.candidate === 'webgpu');
    expect(webgpu?.reason).toMatch(
      /^only a software adapter: google swiftshader \(SwiftShader driver/,
    );
    expect(sel.backend).not.toBe('webgpu');
  });

  it('prefer webgpu takes it: adapter recorded, math on the cpu, and it computes', async () => {
    const sel = await selectBackend({
      prefer: 'webgpu',
      importModule,
      requiredKernels: ['Conv2DBackpropFilter'],
    });
    expect(sel.backend).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(sel.device).toBe('cpu');
    expect(sel.adapter).toMatchObject({
      vendor: 'google',
      architecture: 'swiftshader',
      software: true,
    });
    expect(sel.summary).toMatch(
      /^backend webgpu \(@gantry\/backend-webgpu, cpu: google swiftshader, SwiftShader driver [\d.]+, software\)$/,
    );
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(Array.from(await y.data())).toEqual([11]);
    y.dispose();
  });
});
