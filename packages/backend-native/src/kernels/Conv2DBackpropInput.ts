import { Conv2DBackpropInput, type Conv2DBackpropInputAttrs } from '@tensorflow/tfjs-core';
import { allocF32, f32, output } from '../_context';
import { convGeometry, convInfo, toChannelsFirst, withChannelsLast } from './_conv';
import { defineKernel } from './_kernel';

/**
 * Conv2DBackpropInput (the gradient of conv2d with respect to its input, and the forward pass
 * of conv2dTranspose): dy·Wᵀ by BLAS, then col2im, split over the thread pool by images.
 */
export const conv2DBackpropInputKernel = defineKernel<'dy' | 'filter', Conv2DBackpropInputAttrs>({
  kernelName: Conv2DBackpropInput,
  group: 'blas',
  float32: ['dy', 'filter'],
  run(k) {
    const { dy, filter } = k.inputs;
    const info = convInfo(k.attrs.inputShape, filter.shape, k.attrs, 1);
    const channelsFirst = info.dataFormat === 'channelsFirst';
    const values = allocF32(
      k.backend,
      info.batchSize * info.inHeight * info.inWidth * info.inChannels,
    );
    withChannelsLast(k, channelsFirst, [dy], ([dyLast]) =>
      k.addon.conv2dBackpropInput(
        f32(k.backend, dyLast as (typeof k.inputs)['dy']),
        f32(k.backend, filter),
        values,
        convGeometry(info),
      ),
    );
    const out = output(
      k.backend,
      [info.batchSize, info.inHeight, info.inWidth, info.inChannels],
      values,
    );
    return channelsFirst ? toChannelsFirst(k, out) : out;
  },
});
