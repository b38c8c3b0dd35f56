import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  type NativeBackend,
  type NativeContext,
  output,
} from '../_context';
import { nativeMatMul } from './_matmul';

/** BatchMatMul on BLAS: every transpose case and numpy batch broadcasting; float32 only. */
export function batchMatMulConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(BatchMatMul);
  return {
    kernelName: BatchMatMul,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
      if (
        a.dtype !== 'float32' ||
        b.dtype !== 'float32' ||
        a.shape.length < 2 ||
        b.shape.length < 2
      ) {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const r = nativeMatMul(ctx, backend, a, b, transposeA, transposeB);
      return output(backend, r.shape, r.values);
    },
  };
}
