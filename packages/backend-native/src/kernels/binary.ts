import {
  Add,
  broadcast_util,
  Equal,
  Greater,
  GreaterEqual,
  type KernelConfig,
  Less,
  LessEqual,
  Maximum,
  Minimum,
  Multiply,
  NotEqual,
  RealDiv,
  SquaredDifference,
  Sub,
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

// Operand modes and op codes shared with native/elementwise.h.
const SAME = 0;
const SCALAR = 1;
const ROW = 2;
const COL = 3;
const BINARY_OPS: readonly [string, number][] = [
  [Add, 0],
  [Sub, 1],
  [Multiply, 2],
  [RealDiv, 3],
  [Maximum, 4],
  [Minimum, 5],
  [SquaredDifference, 6],
];

interface OperandPlan {
  mode: number;
  /** Length of the output's inner block the operand repeats over (ROW, COL); -1: any. */
  k: number;
}

/**
 * How an operand of `shape` is read when broadcast to `out`: the same shape, a scalar, a
 * suffix of the output's shape (a bias: ROW) or a prefix followed by ones (COL).
 */
export function operandPlan(
  shape: readonly number[],
  out: readonly number[],
): OperandPlan | undefined {
  const n = sizeOf(out);
  const size = sizeOf(shape);
  if (size === n) return { mode: SAME, k: -1 };
  if (size === 1) return { mode: SCALAR, k: -1 };
  const r = out.length;
  const padded = [...new Array<number>(r - shape.length).fill(1), ...shape];
  let s = 0;
  while (s < r && padded[s] === 1) s++;
  if (padded.slice(s).every((d, i) => d === out[s + i])) {
    return { mode: ROW, k: sizeOf(out.slice(s)) };
  }
  let e = r;
  while (e > 0 && padded[e - 1] === 1) e--;
  if (padded.slice(0, e).every((d, i) => d === out[i])) {
    return { mode: COL, k: sizeOf(out.slice(e)) };
  }
  return undefined;
}

const COMPARE_OPS: readonly [string, number][] = [
  [Greater, 0],
  [GreaterEqual, 1],
  [Less, 2],
  [LessEqual, 3],
  [Equal, 4],
  [NotEqual, 5],
];

function binaryConfig(
  ctx: NativeContext,
  kernelName: string,
  op: number,
  compare: boolean,
): KernelConfig {
  const fallback = ctx.cpu(kernelName);
  return {
    kernelName,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args: KernelArgs) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const run = () => fallback(args as Parameters<typeof fallback>[0]);
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return run();
      const outShape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const n = sizeOf(outShape);
      if (n === 0) return run();
      const pa = operandPlan(a.shape, outShape);
      const pb = operandPlan(b.shape, outShape);
      if (pa === undefined || pb === undefined) return run();
      if (pa.k !== -1 && pb.k !== -1 && pa.k !== pb.k) return run();
      const k = pa.k !== -1 ? pa.k : pb.k !== -1 ? pb.k : n;
      const backend = args.backend as NativeBackend;
      if (compare) {
        const bools = new Uint8Array(n);
        ctx.addon.compare(op, f32(backend, a), pa.mode, f32(backend, b), pb.mode, bools, n / k, k);
        return backend.makeTensorInfo(outShape, 'bool', bools);
      }
      const values = allocF32(backend, n);
      ctx.addon.binary(op, f32(backend, a), pa.mode, f32(backend, b), pb.mode, values, n / k, k);
      return output(backend, outShape, values);
    },
  };
}

/**
 * Add, Sub, Multiply, RealDiv, Maximum, Minimum, SquaredDifference and the comparisons
 * (Greater… NotEqual, bool output) in C++ for float32 operands of the same shape, a scalar, or
 * a bias-like broadcast; other cases run the cpu kernel.
 */
export function binaryConfigs(ctx: NativeContext): KernelConfig[] {
  return [
    ...BINARY_OPS.map(([name, op]) => binaryConfig(ctx, name, op, false)),
    ...COMPARE_OPS.map(([name, op]) => binaryConfig(ctx, name, op, true)),
  ];
}
