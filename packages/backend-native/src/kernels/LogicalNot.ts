import { LogicalNot } from '@tensorflow/tfjs-core';
import { sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/** LogicalNot of a bool tensor in C++ (Select's gradient runs it on whole activations). */
export const logicalNotKernel = defineKernel<'x'>({
  kernelName: LogicalNot,
  group: 'elementwise',
  float32: [],
  run(k) {
    const { x } = k.inputs;
    const values = x.dtype === 'bool' ? k.backend.data.get(x.dataId).values : undefined;
    if (!(values instanceof Uint8Array)) return undefined;
    const n = sizeOf(x.shape);
    const out = new Uint8Array(n);
    k.addon.logicalNot(values, out, n);
    return k.backend.makeTensorInfo([...x.shape], 'bool', out);
  },
});
