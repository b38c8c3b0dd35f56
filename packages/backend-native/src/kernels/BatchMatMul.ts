import { BatchMatMul, type BatchMatMulAttrs } from '@tensorflow/tfjs-core';
import { output } from '../_context';
import { defineKernel } from './_kernel';
import { nativeMatMul } from './_matmul';

/** BatchMatMul on BLAS: every transpose case and numpy batch broadcasting; float32 only. */
export const batchMatMulKernel = defineKernel<'a' | 'b', BatchMatMulAttrs>({
  kernelName: BatchMatMul,
  group: 'blas',
  float32: ['a', 'b'],
  run(k) {
    const { a, b } = k.inputs;
    if (a.shape.length < 2 || b.shape.length < 2) return undefined;
    const r = nativeMatMul(k, a, b, k.attrs.transposeA, k.attrs.transposeB);
    return output(k.backend, r.shape, r.values);
  },
});
