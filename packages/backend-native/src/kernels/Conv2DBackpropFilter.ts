import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';
import { allocF32, f32, output } from '../_context';
import { convGeometry, convInfo, withChannelsLast } from './_conv';
import { defineKernel } from './_kernel';

/**
 * Conv2DBackpropFilter (the gradient of conv2d with respect to its filter): im2col(x)ᵀ·dy by
 * BLAS, each thread over its own images, partial filters summed in thread order. This kernel is
 * 91% of a DCGAN step on tfjs `cpu` and is missing from tfjs `wasm`.
 */
export const conv2DBackpropFilterKernel = defineKernel<'x' | 'dy', Conv2DBackpropFilterAttrs>({
  kernelName: Conv2DBackpropFilter,
  group: 'blas',
  float32: ['x', 'dy'],
  run(k) {
    const { filterShape } = k.attrs;
    const info = convInfo(k.inputs.x.shape, filterShape, k.attrs, 1);
    const values = allocF32(
      k.backend,
      info.filterHeight * info.filterWidth * info.inChannels * info.outChannels,
    );
    withChannelsLast(
      k,
      info.dataFormat === 'channelsFirst',
      [k.inputs.x, k.inputs.dy],
      ([xLast, dyLast]) =>
        k.addon.conv2dBackpropFilter(
          f32(k.backend, xLast as (typeof k.inputs)['x']),
          f32(k.backend, dyLast as (typeof k.inputs)['dy']),
          values,
          convGeometry(info),
        ),
    );
    return output(k.backend, [...filterShape], values);
  },
});
