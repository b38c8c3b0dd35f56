import { _FusedMatMul, type _FusedMatMulAttrs } from '@tensorflow/tfjs-core';
import { applyEpilogue } from './_epilogue';
import { defineKernel } from './_kernel';
import { nativeMatMul } from './_matmul';

/**
 * _FusedMatMul (matmul + bias + activation, what tfjs-layers' dense layers run): BLAS matmul
 * and a one-pass C++ epilogue. tfjs-backend-cpu's version calls its own matmul directly, so
 * replacing BatchMatMul alone would not speed dense layers up.
 */
export const fusedMatMulKernel = defineKernel<
  'a' | 'b',
  _FusedMatMulAttrs,
  'bias' | 'preluActivationWeights'
>({
  kernelName: _FusedMatMul,
  group: 'blas',
  float32: ['a', 'b'],
  run(k) {
    const { a, b, bias, preluActivationWeights } = k.inputs;
    if (a.shape.length < 2 || b.shape.length < 2) return undefined;
    const result = nativeMatMul(k, a, b, k.attrs.transposeA, k.attrs.transposeB);
    return applyEpilogue(k, result, {
      bias,
      activation: k.attrs.activation,
      preluActivationWeights,
      leakyreluAlpha: k.attrs.leakyreluAlpha,
    });
  },
});
