import {
  Add,
  broadcast_util,
  Equal,
  Greater,
  GreaterEqual,
  Less,
  LessEqual,
  Maximum,
  Minimum,
  Multiply,
  NotEqual,
  Pow,
  RealDiv,
  SquaredDifference,
  Sub,
} from '@tensorflow/tfjs-core';
import type { OpTables } from '../_addon';
import { allocF32, f32, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

type OperandMode = 'same' | 'scalar' | 'row' | 'col';

interface OperandPlan {
  mode: OperandMode;
  /** Length of the output's inner block the operand repeats over (row, col); -1: any. */
  k: number;
}

/**
 * How an operand of `shape` is read when broadcast to `out`: the same shape, a scalar, a
 * suffix of the output's shape (a bias: row) or a prefix followed by ones (col).
 */
export function operandPlan(
  shape: readonly number[],
  out: readonly number[],
): OperandPlan | undefined {
  const n = sizeOf(out);
  const size = sizeOf(shape);
  if (size === n) return { mode: 'same', k: -1 };
  if (size === 1) return { mode: 'scalar', k: -1 };
  const r = out.length;
  const padded = [...new Array<number>(r - shape.length).fill(1), ...shape];
  let s = 0;
  while (s < r && padded[s] === 1) s++;
  if (padded.slice(s).every((d, i) => d === out[s + i])) {
    return { mode: 'row', k: sizeOf(out.slice(s)) };
  }
  let e = r;
  while (e > 0 && padded[e - 1] === 1) e--;
  if (padded.slice(0, e).every((d, i) => d === out[i])) {
    return { mode: 'col', k: sizeOf(out.slice(e)) };
  }
  return undefined;
}

/** The native plan of a binary op on float32 `a`, `b`: operand codes, rows × k, out shape. */
function plan(operand: OpTables['operand'], a: readonly number[], b: readonly number[]) {
  const outShape = broadcast_util.assertAndGetBroadcastShape([...a], [...b]);
  const n = sizeOf(outShape);
  const pa = operandPlan(a, outShape);
  const pb = operandPlan(b, outShape);
  if (n === 0 || pa === undefined || pb === undefined) return undefined;
  if (pa.k !== -1 && pb.k !== -1 && pa.k !== pb.k) return undefined;
  const k = pa.k !== -1 ? pa.k : pb.k !== -1 ? pb.k : n;
  return {
    outShape,
    aMode: operand[pa.mode] as number,
    bMode: operand[pb.mode] as number,
    rows: n / k,
    k,
    n,
  };
}

/** A binary op in C++: float32 output (`binary` table) or bool output (`compare` table). */
function binaryKernel(table: 'binary' | 'compare') {
  return (kernelName: string) =>
    defineKernel<'a' | 'b'>({
      kernelName,
      group: 'elementwise',
      float32: ['a', 'b'],
      op: [table, kernelName],
      run(k) {
        const { a, b } = k.inputs;
        const p = plan(k.codes.operand, a.shape, b.shape);
        if (p === undefined) return undefined;
        const [fa, fb] = [f32(k.backend, a), f32(k.backend, b)];
        if (table === 'compare') {
          const bools = new Uint8Array(p.n);
          k.addon.compare(k.op, fa, p.aMode, fb, p.bMode, bools, p.rows, p.k);
          return k.backend.makeTensorInfo(p.outShape, 'bool', bools);
        }
        const values = allocF32(k.backend, p.n);
        k.addon.binary(k.op, fa, p.aMode, fb, p.bMode, values, p.rows, p.k);
        return output(k.backend, p.outShape, values);
      },
    });
}

/**
 * Add, Sub, Multiply, RealDiv, Maximum, Minimum, SquaredDifference, Pow and the comparisons
 * (Greater… NotEqual, bool output) in C++ for float32 operands of the same shape, a scalar, or
 * a bias-like broadcast; other cases run the cpu kernel.
 */
export const binaryKernels = [
  ...[Add, Sub, Multiply, RealDiv, Maximum, Minimum, SquaredDifference, Pow].map(
    binaryKernel('binary'),
  ),
  ...[Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual].map(binaryKernel('compare')),
];
