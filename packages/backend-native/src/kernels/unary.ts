import {
  Abs,
  Elu,
  Exp,
  LeakyRelu,
  Log,
  Log1p,
  Neg,
  Reciprocal,
  Relu,
  Relu6,
  Rsqrt,
  Sigmoid,
  Softplus,
  Sqrt,
  Square,
  Step,
  Tanh,
} from '@tensorflow/tfjs-core';
import { allocF32, f32, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/** A unary op in C++; `alphaAttr` names the attr passed as α (LeakyRelu, Step), if any. */
function unaryKernel(kernelName: string, alphaAttr?: string) {
  return defineKernel<'x'>({
    kernelName,
    group: 'elementwise',
    float32: ['x'],
    op: ['unary', kernelName],
    run(k) {
      const { x } = k.inputs;
      const n = sizeOf(x.shape);
      const values = allocF32(k.backend, n);
      const alpha = alphaAttr === undefined ? 0 : Number(k.attrs[alphaAttr] ?? 0);
      k.addon.unary(k.op, f32(k.backend, x), values, n, alpha);
      return output(k.backend, [...x.shape], values);
    },
  });
}

/** Activations and element-wise math (Relu, LeakyRelu, Sigmoid, Tanh, Exp, Sqrt…) in C++. */
export const unaryKernels = [
  ...[Relu, Relu6, Sigmoid, Tanh, Exp, Log, Sqrt, Rsqrt, Square, Neg, Abs, Elu, Softplus].map(
    (name) => unaryKernel(name),
  ),
  unaryKernel(LeakyRelu, 'alpha'),
  unaryKernel(Step, 'alpha'),
  unaryKernel(Reciprocal),
  unaryKernel(Log1p),
];
