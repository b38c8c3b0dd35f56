// GPU faults become typed errors naming the adapter: out of GPU memory (with the batch size) and
// how GPU errors are classified. No adapter: adapter.test.ts; device loss: deviceLost.test.ts.
import '@tensorflow/tfjs';
import { isGantryError } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkWebgpuDevice, classifyGpuError, mapWebgpuError, webgpuFault } from '../src/node';
import { useSwiftShader } from './_swiftshader';

describe('GPU error classification', () => {
  it('out-of-memory errors and over-limit buffers are out-of-memory, others GPU errors', () => {
    class GPUOutOfMemoryError extends Error {}
    class GPUValidationError extends Error {}
    expect(classifyGpuError(new GPUOutOfMemoryError('Allocation failed')).kind).toBe(
      'out-of-memory',
    );
    const tooBig = new GPUValidationError(
      'Buffer size (2147483648) exceeds the max buffer size limit (1073741824).\n - While calling [Device].CreateBuffer',
    );
    expect(classifyGpuError(tooBig)).toEqual({
      kind: 'out-of-memory',
      message: 'Buffer size (2147483648) exceeds the max buffer size limit (1073741824).',
    });
    expect(classifyGpuError(new GPUValidationError('Binding size is zero'))).toEqual({
      kind: 'gpu-error',
      message: 'GPUValidationError: Binding size is zero',
    });
  });

  it('mapWebgpuError leaves errors that are not GPU faults as they are', async () => {
    const plain = new RangeError('shape mismatch');
    expect(await mapWebgpuError(plain, { batchSize: 8 })).toBe(plain);
  });
});

const ss = await useSwiftShader();

describe.skipIf(!ss.ok)('synchronous reads in Node', () => {
  it('dataSync() of a GPU tensor says to await data() (tfjs: "OffscreenCanvas is not defined")', async () => {
    await tf.setBackend('webgpu');
    const y = tf.tidy(() => tf.matMul(tf.ones([4, 4]), tf.ones([4, 4])));
    const error = (() => {
      try {
        y.dataSync();
      } catch (e) {
        return e;
      }
    })();
    expect(isGantryError(error, 'E_WEBGPU_SYNC_READ'), String(error)).toBe(true);
    expect((error as Error).message).toContain('use await tensor.data()');
    expect(Array.from(await y.data())).toEqual(new Array(16).fill(4));
    expect(Array.from(y.dataSync())).toEqual(new Array(16).fill(4)); // read once: now cached
    y.dispose();
  });
});

describe.skipIf(!ss.ok)('out of GPU memory', () => {
  it('a batch whose tensor exceeds the device becomes E_WEBGPU_OUT_OF_MEMORY with its batch size', async () => {
    await tf.setBackend('webgpu');
    expect(webgpuFault()).toBeUndefined();
    checkWebgpuDevice({ batchSize: 64 }); // healthy: no throw
    // 4,097 rows of 65,536 floats: 1 GiB + 256 KiB, one buffer over SwiftShader's 1 GiB limit
    // (validation refuses it before any memory is taken).
    const batchSize = 4097;
    const activations = tf.fill([batchSize, 65536], 1);
    const total = tf.sum(activations);
    await total.data(); // WebGPU reports the failure asynchronously: after a readback it is in
    tf.dispose([activations, total]);
    const error = (() => {
      try {
        checkWebgpuDevice({ batchSize, step: 3 });
      } catch (e) {
        return e;
      }
    })();
    expect(isGantryError(error, 'E_WEBGPU_OUT_OF_MEMORY'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^out of GPU memory on google swiftshader \(SwiftShader driver [^)]*\), software at batch size 4097 at step 3: Buffer size \(\d+\) exceeds the max buffer size limit/,
    );
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({
      batchSize,
      step: 3,
    });
    // The same fault, from the error a failed step threw:
    const mapped = await mapWebgpuError(new Error('a kernel failed'), { batchSize });
    expect(isGantryError(mapped, 'E_WEBGPU_OUT_OF_MEMORY')).toBe(true);
  });
});
