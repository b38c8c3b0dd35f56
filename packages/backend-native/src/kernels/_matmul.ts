import { broadcast_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, sizeOf } from '../_context';
import type { KernelTools } from './_kernel';

/** A float32 batched matmul computed by BLAS, before it becomes a tensor. */
export interface MatMulResult {
  shape: number[];
  values: Float32Array;
  /** Rows × columns of the flattened result, for the fused epilogue. */
  rows: number;
  cols: number;
}

/**
 * Per-batch element offsets of an operand whose batch dims `dims` broadcast to `outDims`
 * (numpy rules: a dim of 1 repeats).
 */
function broadcastOffsets(dims: number[], outDims: number[], matrixSize: number): Int32Array {
  const batch = sizeOf(outDims);
  const offsets = new Int32Array(batch);
  const rank = outDims.length;
  const padded = [...new Array(rank - dims.length).fill(1), ...dims];
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    strides[i] = padded[i] === 1 ? 0 : s;
    s *= padded[i] as number;
  }
  for (let i = 0; i < batch; i++) {
    let rem = i;
    let off = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const size = outDims[d] as number;
      off += (rem % size) * (strides[d] as number);
      rem = Math.floor(rem / size);
    }
    offsets[i] = off * matrixSize;
  }
  return offsets;
}

/**
 * op(a)·op(b) for float32 tensors of rank ≥ 2 with broadcast batch dims, on BLAS. Throws the
 * same error as tfjs when the inner dimensions differ.
 */
export function nativeMatMul(
  k: KernelTools,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): MatMulResult {
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const innerA = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
  const innerB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
  const m = (transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]) as number;
  const n = (transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]) as number;
  if (innerA !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ` +
        `${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const inner = innerA as number;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outOuter = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = sizeOf(outOuter);
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  let aStride = m * inner;
  let bStride = inner * n;
  let aOffsets: Int32Array | null = null;
  let bOffsets: Int32Array | null = null;
  if (batchA !== batch) {
    if (batchA === 1) aStride = 0;
    else aOffsets = broadcastOffsets(outerA, outOuter, m * inner);
  }
  if (batchB !== batch) {
    if (batchB === 1) bStride = 0;
    else bOffsets = broadcastOffsets(outerB, outOuter, inner * n);
  }
  const values = allocF32(k.backend, batch * m * n);
  k.addon.matmul(
    f32(k.backend, a),
    f32(k.backend, b),
    values,
    batch,
    m,
    n,
    inner,
    transposeA,
    transposeB,
    aStride,
    bStride,
    aOffsets,
    bOffsets,
  );
  return { shape: [...outOuter, m, n], values, rows: batch * m, cols: n };
}
