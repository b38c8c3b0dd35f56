import { FusedBatchNorm, type FusedBatchNormAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, type NativeBackend, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/** A parameter as the addon reads it: per channel (size `channels` or 1) or of x's own size. */
interface Param {
  values: Float32Array;
  full: boolean;
}

/** `t` as a {@link Param}; null when absent, undefined when of a shape or dtype we do not take. */
function param(
  backend: NativeBackend,
  t: TensorInfo | undefined,
  channels: number,
  n: number,
): Param | null | undefined {
  if (t === undefined) return null;
  if (t.dtype !== 'float32') return undefined;
  const size = sizeOf(t.shape);
  const values = f32(backend, t);
  if (size === channels) return { values, full: false };
  if (size === 1)
    return { values: new Float32Array(channels).fill(values[0] as number), full: false };
  if (size === n) return { values, full: true };
  return undefined;
}

/**
 * FusedBatchNorm (tf.batchNorm, tfjs-layers' BatchNormalization and LayerNormalization):
 * y = (x − μ)·γ/√(σ² + ε) + β, in C++, each parameter one value per channel (last axis), a
 * scalar, or of x's own size (tfjs-layers' layer norm tiles its moments, γ and β to x's shape).
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
    if (n === 0 || x.shape.length === 0) return undefined;
    const mu = param(k.backend, mean, channels, n);
    const v = param(k.backend, variance, channels, n);
    const g = param(k.backend, scale, channels, n);
    const b = param(k.backend, offset, channels, n);
    if (!mu || !v || g === undefined || b === undefined) return undefined;
    const fullMask = [mu, v, g, b].reduce((m, p, i) => (p?.full ? m | (1 << i) : m), 0);
    const values = allocF32(k.backend, n);
    k.addon.batchNorm(
      f32(k.backend, x),
      mu.values,
      v.values,
      g?.values ?? null,
      b?.values ?? null,
      values,
      n / channels,
      channels,
      k.attrs.varianceEpsilon,
      fullMask,
    );
    return output(k.backend, [...x.shape], values);
  },
});
