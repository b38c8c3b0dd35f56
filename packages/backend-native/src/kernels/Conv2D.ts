import { Conv2D, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, output } from '../_context';
import { type ConvAttrs, convGeometry, convInfo, toChannelsFirst, withChannelsLast } from './_conv';
import { defineKernel, type KernelTools } from './_kernel';

/** A conv2d computed channels-last by im2col + BLAS, before it becomes a tensor. */
export interface ConvResult {
  shape: number[];
  values: Float32Array;
  rows: number;
  cols: number;
}

/** conv2d(x, filter) in NHWC; an NCHW `x` is transposed first (the result stays NHWC). */
export function nativeConv2D(
  k: KernelTools,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: ConvAttrs,
): ConvResult {
  const info = convInfo(x.shape, filter.shape, attrs);
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const values = allocF32(k.backend, rows * info.outChannels);
  withChannelsLast(k, info.dataFormat === 'channelsFirst', [x], ([xLast]) =>
    k.addon.conv2d(
      f32(k.backend, xLast as TensorInfo),
      f32(k.backend, filter),
      values,
      convGeometry(info),
    ),
  );
  return {
    shape: [info.batchSize, info.outHeight, info.outWidth, info.outChannels],
    values,
    rows,
    cols: info.outChannels,
  };
}

/** Conv2D by im2col + BLAS GEMM: strides, dilations, same/valid/explicit padding, NHWC/NCHW. */
export const conv2DKernel = defineKernel<'x' | 'filter', ConvAttrs>({
  kernelName: Conv2D,
  group: 'blas',
  float32: ['x', 'filter'],
  run(k) {
    const r = nativeConv2D(k, k.inputs.x, k.inputs.filter, k.attrs);
    const out = output(k.backend, r.shape, r.values);
    return k.attrs.dataFormat === 'NCHW' ? toChannelsFirst(k, out) : out;
  },
});
