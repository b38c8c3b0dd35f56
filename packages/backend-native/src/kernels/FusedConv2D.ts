import { FusedConv2D, type FusedConv2DAttrs } from '@tensorflow/tfjs-core';
import { sizeOf } from '../_context';
import { toChannelsFirst } from './_conv';
import { applyEpilogue } from './_epilogue';
import { defineKernel } from './_kernel';
import { nativeConv2D } from './Conv2D';

/**
 * FusedConv2D (conv + bias + activation): im2col + BLAS and the one-pass C++ epilogue.
 * tfjs-backend-cpu's version calls its own conv directly, so it needs its own replacement.
 */
export const fusedConv2DKernel = defineKernel<
  'x' | 'filter',
  FusedConv2DAttrs,
  'bias' | 'preluActivationWeights'
>({
  kernelName: FusedConv2D,
  group: 'blas',
  float32: ['x', 'filter'],
  run(k) {
    const { x, filter, bias, preluActivationWeights } = k.inputs;
    const nchw = k.attrs.dataFormat === 'NCHW';
    // NCHW with a non-channel bias or prelu weights: their layout differs from the NHWC
    // result, so keep the cpu kernel's exact semantics.
    if (
      nchw &&
      (k.attrs.activation === 'prelu' ||
        (bias !== undefined && (bias.shape.length > 1 || sizeOf(bias.shape) === 0)))
    ) {
      return undefined;
    }
    const result = nativeConv2D(k, x, filter, k.attrs);
    const out = applyEpilogue(k, result, {
      bias,
      activation: k.attrs.activation,
      preluActivationWeights,
      leakyreluAlpha: k.attrs.leakyreluAlpha,
    });
    return nchw ? toChannelsFirst(k, out) : out;
  },
});
