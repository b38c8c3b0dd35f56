import {
  OPTIMIZER_CONSTANT_COUNT,
  OPTIMIZER_UPDATE_KERNEL,
  type OptimizerUpdateAttrs,
} from '@gantry/core';
import { allocF32, f32, output, sizeOf } from '../_context';
import { NativeBackendError } from '../errors';
import { defineKernel } from './_kernel';

/**
 * The fused optimizer update (`@gantry/core`'s OPTIMIZER_UPDATE_KERNEL): θ, g and the slots in,
 * θ' and the new slots out, in one pass in C++ (native/compute/optimizer.cc), split over the
 * thread pool. The same bits as the element-wise kernels it replaces.
 */
export const optimizerUpdateKernel = defineKernel<'x' | 'g' | 's0', OptimizerUpdateAttrs, 's1'>({
  kernelName: OPTIMIZER_UPDATE_KERNEL,
  group: 'elementwise',
  float32: ['x', 'g', 's0'],
  run(k) {
    const { x, g, s0, s1 } = k.inputs;
    const { kind, constants } = k.attrs;
    const code = k.codes.optimizer?.[kind];
    const adam = kind === 'adam';
    const n = sizeOf(x.shape);
    const shapes = [g, s0, ...(adam ? [s1] : [])].map((t) => (t ? sizeOf(t.shape) : -1));
    if (
      code === undefined ||
      constants?.length !== OPTIMIZER_CONSTANT_COUNT[kind] ||
      shapes.some((m) => m !== n)
    ) {
      throw new NativeBackendError(
        'E_INVALID_ARGUMENT',
        `${OPTIMIZER_UPDATE_KERNEL}: bad call (kind ${kind}, ${constants?.length} constants, sizes ${n} and ${shapes.join(', ')})`,
        { kernel: OPTIMIZER_UPDATE_KERNEL },
      );
    }
    const b = k.backend;
    const outs = (adam ? [0, 1, 2] : [0, 1]).map(() => allocF32(b, n));
    k.addon.optimizerUpdate(
      code,
      f32(b, x),
      f32(b, g),
      f32(b, s0),
      adam && s1 ? f32(b, s1) : null,
      Float32Array.from(constants),
      outs[0] as Float32Array,
      outs[1] as Float32Array,
      outs[2] ?? null,
      n,
    );
    return outs.map((values) => output(b, [...x.shape], values));
  },
});
