import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
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
} from '../_context';
import { convGeometry, convInfo, toChannelsFirst, toChannelsLast } from './_conv';

/**
 * Conv2DBackpropInput (the gradient of conv2d with respect to its input, and the forward pass
 * of conv2dTranspose): dy·Wᵀ by BLAS, then col2im.
 */
export function conv2DBackpropInputConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(Conv2DBackpropInput);
  return {
    kernelName: Conv2DBackpropInput,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
      if (dy.dtype !== 'float32' || filter.dtype !== 'float32') {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
      const info = convInfo(attrs.inputShape, filter.shape, attrs, 1);
      const channelsFirst = info.dataFormat === 'channelsFirst';
      const dyLast = channelsFirst ? toChannelsLast(ctx, backend, dy) : dy;
      const values = allocF32(
        backend,
        info.batchSize * info.inHeight * info.inWidth * info.inChannels,
      );
      ctx.addon.conv2dBackpropInput(
        f32(backend, dyLast),
        f32(backend, filter),
        values,
        convGeometry(info),
      );
      if (channelsFirst) backend.disposeIntermediateTensorInfo(dyLast);
      const out = output(
        backend,
        [info.batchSize, info.inHeight, info.inWidth, info.inChannels],
        values,
      );
      return channelsFirst ? toChannelsFirst(ctx, backend, out) : out;
    },
  };
}
