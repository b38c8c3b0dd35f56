import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelTools } from './_kernel';

/** The geometry array native/binding.cc reads (NHWC view of a conv2d). */
export function convGeometry(info: backend_util.Conv2DInfo): Int32Array {
  return Int32Array.from([
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]);
}

/** NCHW → NHWC (the native kernels work channels-last), through the cpu Transpose kernel. */
export function toChannelsLast(k: KernelTools, t: TensorInfo): TensorInfo {
  return k.cpu('Transpose', { x: t }, { perm: [0, 2, 3, 1] });
}

/** NHWC → NCHW; disposes the channels-last input. */
export function toChannelsFirst(k: KernelTools, t: TensorInfo): TensorInfo {
  const out = k.cpu('Transpose', { x: t }, { perm: [0, 3, 1, 2] });
  k.backend.disposeIntermediateTensorInfo(t);
  return out;
}

/** Runs `fn` on channels-last copies of `tensors` when `channelsFirst`, then disposes them. */
export function withChannelsLast<T>(
  k: KernelTools,
  channelsFirst: boolean,
  tensors: TensorInfo[],
  fn: (last: TensorInfo[]) => T,
): T {
  if (!channelsFirst) return fn(tensors);
  const last = tensors.map((t) => toChannelsLast(k, t));
  try {
    return fn(last);
  } finally {
    for (const t of last) k.backend.disposeIntermediateTensorInfo(t);
  }
}

/** Parameters shared by the conv kernels' attrs. */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** tfjs's Conv2DInfo for a forward conv of `xShape` by `filterShape`. */
export function convInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  dilations: number | [number, number] = attrs.dilations ?? 1,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}
