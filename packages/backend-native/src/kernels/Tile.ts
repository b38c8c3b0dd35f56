import { type KernelConfig, type TensorInfo, Tile, type TileAttrs } from '@tensorflow/tfjs-core';
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

/**
 * Tile of float32 by block copies (the cpu kernel maps every output index; batch-norm
 * gradients tile per-channel vectors to the whole activation).
 */
export function tileConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(Tile);
  return {
    kernelName: Tile,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { reps } = args.attrs as unknown as TileAttrs;
      if (x.dtype !== 'float32' || reps.length !== x.shape.length || x.shape.length > 16) {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const outShape = x.shape.map((d, i) => d * (reps[i] as number));
      const values = allocF32(backend, sizeOf(outShape));
      ctx.addon.tile(f32(backend, x), Int32Array.from(x.shape), Int32Array.from(reps), values);
      return output(backend, outShape, values);
    },
  };
}
