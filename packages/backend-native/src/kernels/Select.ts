import { Select } from '@tensorflow/tfjs-core';
import { allocF32, f32, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/** Select (tf.where) on float32 with a bool condition of the same size, in C++. */
export const selectKernel = defineKernel<'condition' | 't' | 'e'>({
  kernelName: Select,
  group: 'elementwise',
  float32: ['t', 'e'],
  run(k) {
    const { condition, t, e } = k.inputs;
    const n = sizeOf(t.shape);
    const cond = condition.dtype === 'bool' ? k.backend.data.get(condition.dataId).values : null;
    if (!(cond instanceof Uint8Array) || sizeOf(condition.shape) !== n || sizeOf(e.shape) !== n) {
      return undefined;
    }
    const values = allocF32(k.backend, n);
    k.addon.select(cond, f32(k.backend, t), f32(k.backend, e), values, n);
    return output(k.backend, [...t.shape], values);
  },
});
