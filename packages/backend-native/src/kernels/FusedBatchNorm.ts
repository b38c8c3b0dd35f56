import {
  FusedBatchNorm,
  type FusedBatchNormAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  allocF32,
  f32,
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  type NativeBackend,
  type NativeContext,
  output,
  sizeOf,
} from '../_context';

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
export function fusedBatchNormConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(FusedBatchNorm);
  return {
    kernelName: FusedBatchNorm,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x, mean, variance, scale, offset } = args.inputs as {
        x: TensorInfo;
        mean: TensorInfo;
        variance: TensorInfo;
        scale?: TensorInfo;
        offset?: TensorInfo;
      };
      const { varianceEpsilon } = args.attrs as unknown as FusedBatchNormAttrs;
      const backend = args.backend as NativeBackend;
      const channels = x.shape[x.shape.length - 1] ?? 1;
      const n = sizeOf(x.shape);
      const mu = perChannel(backend, mean, channels);
      const v = perChannel(backend, variance, channels);
      const g = perChannel(backend, scale, channels);
      const b = perChannel(backend, offset, channels);
      if (
        x.dtype !== 'float32' ||
        n === 0 ||
        x.shape.length === 0 ||
        !mu ||
        !v ||
        g === undefined ||
        b === undefined
      ) {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const values = allocF32(backend, n);
      ctx.addon.batchNorm(
        f32(backend, x),
        mu,
        v,
        g,
        b,
        values,
        n / channels,
        channels,
        varianceEpsilon,
      );
      return output(backend, [...x.shape], values);
    },
  };
}
