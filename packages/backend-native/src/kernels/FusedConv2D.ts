import {
  FusedConv2D,
  type FusedConv2DAttrs,
  type FusedConv2DInputs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import {
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  type NativeBackend,
  type NativeContext,
  sizeOf,
} from '../_context';
import { toChannelsFirst } from './_conv';
import { applyEpilogue } from './_epilogue';
import { nativeConv2D } from './Conv2D';

/**
 * FusedConv2D (conv + bias + activation): im2col + BLAS and the one-pass C++ epilogue.
 * tfjs-backend-cpu's version calls its own conv directly, so it needs its own replacement.
 */
export function fusedConv2DConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(FusedConv2D);
  return {
    kernelName: FusedConv2D,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs as FusedConv2DInputs;
      const attrs = args.attrs as unknown as FusedConv2DAttrs;
      const nchw = attrs.dataFormat === 'NCHW';
      // NCHW with a non-channel bias or prelu weights: their layout differs from the NHWC
      // result, so keep the cpu kernel's exact semantics.
      const nchwAwkward =
        nchw &&
        (attrs.activation === 'prelu' ||
          (bias !== undefined && (bias.shape.length > 1 || sizeOf(bias.shape) === 0)));
      if (x.dtype !== 'float32' || filter.dtype !== 'float32' || nchwAwkward) {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const result = nativeConv2D(ctx, backend, x, filter, attrs);
      const out = applyEpilogue(ctx, backend, result, {
        bias,
        activation: attrs.activation,
        preluActivationWeights,
        leakyreluAlpha: attrs.leakyreluAlpha,
      });
      return nchw ? toChannelsFirst(ctx, backend, out) : out;
    },
  };
}
