import {
  Abs,
  Elu,
  Exp,
  type KernelConfig,
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
  type TensorInfo,
} from '@tensorflow/tfjs-core';
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

// Op codes shared with native/elementwise.h; `alpha` names the attr read, if any.
const UNARY_OPS: readonly [string, number, string?][] = [
  [Relu, 0],
  [Relu6, 1],
  [LeakyRelu, 2, 'alpha'],
  [Sigmoid, 3],
  [Tanh, 4],
  [Exp, 5],
  [Log, 6],
  [Sqrt, 7],
  [Rsqrt, 8],
  [Square, 9],
  [Neg, 10],
  [Abs, 11],
  [Elu, 12],
  [Softplus, 13],
  [Step, 14, 'alpha'],
  [Reciprocal, 15],
  [Log1p, 16],
];

function unaryConfig(ctx: NativeContext, kernelName: string, op: number, attr?: string) {
  const fallback = ctx.cpu(kernelName);
  return {
    kernelName,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (x.dtype !== 'float32') return fallback(args as Parameters<typeof fallback>[0]);
      const backend = args.backend as NativeBackend;
      const n = sizeOf(x.shape);
      const values = allocF32(backend, n);
      const alpha = attr === undefined ? 0 : Number(args.attrs?.[attr] ?? 0);
      ctx.addon.unary(op, f32(backend, x), values, n, alpha);
      return output(backend, [...x.shape], values);
    },
  } satisfies KernelConfig;
}

/** Activations and element-wise math (Relu, LeakyRelu, Sigmoid, Tanh, Exp, Sqrt…) in C++. */
export function unaryConfigs(ctx: NativeContext): KernelConfig[] {
  return UNARY_OPS.map(([name, op, attr]) => unaryConfig(ctx, name, op, attr));
}
