import { type KernelConfig, Select, type TensorInfo } from '@tensorflow/tfjs-core';
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

/** Select (tf.where) on float32 with a bool condition of the same size, in C++. */
export function selectConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(Select);
  return {
    kernelName: Select,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { condition, t, e } = args.inputs as {
        condition: TensorInfo;
        t: TensorInfo;
        e: TensorInfo;
      };
      const backend = args.backend as NativeBackend;
      const n = sizeOf(t.shape);
      const cond = condition.dtype === 'bool' ? backend.data.get(condition.dataId).values : null;
      if (
        t.dtype !== 'float32' ||
        e.dtype !== 'float32' ||
        !(cond instanceof Uint8Array) ||
        sizeOf(condition.shape) !== n ||
        sizeOf(e.shape) !== n
      ) {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const values = allocF32(backend, n);
      ctx.addon.select(cond, f32(backend, t), f32(backend, e), values, n);
      return output(backend, [...t.shape], values);
    },
  };
}
