import { Conv2D, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  allocF32,
  f32,
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  type NativeBackend,
  type NativeContext,
  output,
} from '../_context';
import { type ConvAttrs, convGeometry, convInfo, toChannelsFirst, toChannelsLast } from './_conv';

/** A conv2d computed channels-last by im2col + BLAS, before it becomes a tensor. */
export interface ConvResult {
  shape: number[];
  values: Float32Array;
  rows: number;
  cols: number;
}

/** conv2d(x, filter) in NHWC; an NCHW `x` is transposed first (the result stays NHWC). */
export function nativeConv2D(
  ctx: NativeContext,
  backend: NativeBackend,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: ConvAttrs,
): ConvResult {
  const info = convInfo(x.shape, filter.shape, attrs);
  const channelsFirst = info.dataFormat === 'channelsFirst';
  const xLast = channelsFirst ? toChannelsLast(ctx, backend, x) : x;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const values = allocF32(backend, rows * info.outChannels);
  ctx.addon.conv2d(f32(backend, xLast), f32(backend, filter), values, convGeometry(info));
  if (channelsFirst) backend.disposeIntermediateTensorInfo(xLast);
  return {
    shape: [info.batchSize, info.outHeight, info.outWidth, info.outChannels],
    values,
    rows,
    cols: info.outChannels,
  };
}

/** Conv2D by im2col + BLAS GEMM: strides, dilations, same/valid/explicit padding, NHWC/NCHW. */
export function conv2DConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(Conv2D);
  return {
    kernelName: Conv2D,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
      if (x.dtype !== 'float32' || filter.dtype !== 'float32') {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const attrs = args.attrs as unknown as ConvAttrs;
      const r = nativeConv2D(ctx, backend, x, filter, attrs);
      const out = output(backend, r.shape, r.values);
      return attrs.dataFormat === 'NCHW' ? toChannelsFirst(ctx, backend, out) : out;
    },
  };
}
