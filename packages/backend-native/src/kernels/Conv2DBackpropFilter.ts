import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
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
import { convGeometry, convInfo, toChannelsLast } from './_conv';

/**
 * Conv2DBackpropFilter (the gradient of conv2d with respect to its filter): im2col(x)ᵀ·dy by
 * BLAS, accumulated over batch chunks. This kernel is 91% of a DCGAN step on tfjs `cpu` and is
 * missing from tfjs `wasm`.
 */
export function conv2DBackpropFilterConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(Conv2DBackpropFilter);
  return {
    kernelName: Conv2DBackpropFilter,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
      if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
      const info = convInfo(x.shape, attrs.filterShape, attrs, 1);
      const channelsFirst = info.dataFormat === 'channelsFirst';
      const xLast = channelsFirst ? toChannelsLast(ctx, backend, x) : x;
      const dyLast = channelsFirst ? toChannelsLast(ctx, backend, dy) : dy;
      const values = allocF32(
        backend,
        info.filterHeight * info.filterWidth * info.inChannels * info.outChannels,
      );
      ctx.addon.conv2dBackpropFilter(
        f32(backend, xLast),
        f32(backend, dyLast),
        values,
        convGeometry(info),
      );
      if (channelsFirst) {
        backend.disposeIntermediateTensorInfo(xLast);
        backend.disposeIntermediateTensorInfo(dyLast);
      }
      return output(backend, [...attrs.filterShape], values);
    },
  };
}
