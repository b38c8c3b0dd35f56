import {
  type KernelConfig,
  Max,
  Mean,
  Min,
  Sum,
  type TensorInfo,
  util,
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

// Op codes shared with native/elementwise.h, and the attr that names the axes.
const REDUCE_OPS: readonly [string, number, string][] = [
  [Sum, 0, 'axis'],
  [Mean, 1, 'axis'],
  [Max, 2, 'reductionIndices'],
  [Min, 3, 'axis'],
];

function reduceConfig(ctx: NativeContext, kernelName: string, op: number, axisAttr: string) {
  const fallback = ctx.cpu(kernelName);
  return {
    kernelName,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { x } = args.inputs as { x: TensorInfo };
      const run = () => fallback(args as Parameters<typeof fallback>[0]);
      if (x.dtype !== 'float32' || sizeOf(x.shape) === 0) return run();
      const shape = x.shape;
      const axes = util
        .parseAxisParam(args.attrs?.[axisAttr] as number | number[], shape)
        .sort((p, q) => p - q);
      // Contiguous axes [s, e) only: x is then [outer, mid, inner] reduced over mid.
      if (axes.length === 0 || axes.some((ax, i) => ax !== (axes[0] as number) + i)) return run();
      const s = axes[0] as number;
      const e = s + axes.length;
      const outer = sizeOf(shape.slice(0, s));
      const mid = sizeOf(shape.slice(s, e));
      const inner = sizeOf(shape.slice(e));
      const keepDims = Boolean(args.attrs?.['keepDims']);
      const outShape = keepDims
        ? shape.map((d, i) => (i >= s && i < e ? 1 : d))
        : shape.filter((_, i) => i < s || i >= e);
      const backend = args.backend as NativeBackend;
      const values = allocF32(backend, outer * inner);
      ctx.addon.reduce(op, f32(backend, x), values, outer, mid, inner);
      return output(backend, outShape, values);
    },
  } satisfies KernelConfig;
}

/** Sum, Mean, Max, Min of float32 over contiguous axes (batch-axis bias gradients…) in C++. */
export function reduceConfigs(ctx: NativeContext): KernelConfig[] {
  return REDUCE_OPS.map(([name, op, attr]) => reduceConfig(ctx, name, op, attr));
}
