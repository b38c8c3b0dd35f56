import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  type _FusedMatMulInputs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import {
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  type NativeBackend,
  type NativeContext,
} from '../_context';
import { applyEpilogue } from './_epilogue';
import { nativeMatMul } from './_matmul';

/**
 * _FusedMatMul (matmul + bias + activation, what tfjs-layers' dense layers run): BLAS matmul
 * and a one-pass C++ epilogue. tfjs-backend-cpu's version calls its own matmul directly, so
 * replacing BatchMatMul alone would not speed dense layers up.
 */
export function fusedMatMulConfig(ctx: NativeContext): KernelConfig {
  const fallback = ctx.cpu(_FusedMatMul);
  return {
    kernelName: _FusedMatMul,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { a, b, bias, preluActivationWeights } = args.inputs as _FusedMatMulInputs;
      const { transposeA, transposeB, activation, leakyreluAlpha } =
        args.attrs as unknown as _FusedMatMulAttrs;
      if (
        a.dtype !== 'float32' ||
        b.dtype !== 'float32' ||
        a.shape.length < 2 ||
        b.shape.length < 2
      ) {
        return fallback(args as Parameters<typeof fallback>[0]);
      }
      const backend = args.backend as NativeBackend;
      const result = nativeMatMul(ctx, backend, a, b, transposeA, transposeB);
      return applyEpilogue(ctx, backend, result, {
        bias,
        activation,
        preluActivationWeights,
        leakyreluAlpha,
      });
    },
  };
}
