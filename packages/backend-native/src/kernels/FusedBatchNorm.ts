import { FusedBatchNorm, type FusedBatchNormAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, type NativeBackend, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/** A per-channel vector of length `channels` from a parameter of size `channels` or 1. */
function perChannel(
  backend: NativeBackend,
  t: TensorInfo | undefined,
  channels: number,
): Float32Array | null | undefined {
  if (t === undefined) return null;
  if (t.dtype !== 'float32') return undefined;
  const size = sizeOf(t.shape);
  const values = f32(backend, t);
  if (size === channels) return values;
  if (size === 1) return new Float32Array(channels).fill(values[0] as number);
  return undefined;
}

/**
 * FusedBatchNorm (tf.batchNorm, tfjs-layers' BatchNormalization): y = (x − μ)·γ/√(σ² + ε) + β
 * per channel (last axis), in C++, for parameters of one value per channel or a scalar.
 */
export const fusedBatchNormKernel = defineKernel<
  'x' | 'mean' | 'variance',
  FusedBatchNormAttrs,
  'scale' | 'offset'
>({
  kernelName: FusedBatchNorm,
  group: 'elementwise',
  float32: ['x'],
  run(k) {
    const { x, mean, variance, scale, offset } = k.inputs;
    const channels = x.shape[x.shape.length - 1] ?? 1;
    const n = sizeOf(x.shape);
    const mu = perChannel(k.backend, mean, channels);
    const v = perChannel(k.backend, variance, channels);
    const g = perChannel(k.backend, scale, channels);
    const b = perChannel(k.backend, offset, channels);
    if (n === 0 || x.shape.length === 0 || !mu || !v || g === undefined || b === undefined) {
      return undefined;
    }
    const values = allocF32(k.backend, n);
    k.addon.batchNorm(
      f32(k.backend, x),
      mu,
      v,
      g,
      b,
      values,
      n / channels,
      channels,
      k.attrs.varianceEpsilon,
    );
    return output(k.backend, [...x.shape], values);
  },
});
