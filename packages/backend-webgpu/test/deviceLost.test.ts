// A device lost mid-run (simulated with device.destroy(), as a driver reset or an unplugged GPU
// would do it) becomes E_WEBGPU_DEVICE_LOST naming the adapter, where the trainer can catch it.
import '@tensorflow/tfjs';
import { isGantryError } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkWebgpuDevice, mapWebgpuError, webgpuFault } from '../src/node';
import { useSwiftShader } from './_swiftshader';

const ss = await useSwiftShader();

describe.skipIf(!ss.ok)('device lost mid-run', () => {
  it('the next readback fails and maps to E_WEBGPU_DEVICE_LOST with the adapter', async () => {
    await tf.setBackend('webgpu');
    // A least-squares fit by SGD stands in for a training loop: one step, its loss read back.
    const x = tf.randomNormal([64, 32], 0, 1, 'float32', 1);
    const w = tf.variable(tf.zeros([32, 8]));
    const optimizer = tf.train.sgd(0.1);
    const step = () =>
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), 1))), true) as tf.Scalar;
    const first = step();
    expect((await first.data())[0]).toBeCloseTo(1, 5);
    checkWebgpuDevice({ batchSize: 64, step: 1 });

    (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
    const failure = await step()
      .data()
      .then(
        () => new Error('the readback after destroy() succeeded'),
        (e: unknown) => e,
      );
    const error = await mapWebgpuError(failure, { batchSize: 64, step: 2 });
    expect(isGantryError(error, 'E_WEBGPU_DEVICE_LOST'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^the WebGPU device on google swiftshader \(SwiftShader driver [\d.]+\), software was lost at step 2 \(destroyed: .+\); every tensor on it is gone$/,
    );
    expect((error as Error & { cause?: unknown }).cause).toBe(failure);
    expect(webgpuFault()?.kind).toBe('device-lost');
    expect(() => checkWebgpuDevice({ step: 2 })).toThrow(/was lost at step 2/);
  });
});
