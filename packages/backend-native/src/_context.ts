import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import type { BufferPool } from './_pool';

/** The tfjs backend name this package registers (no underscore: tfjs's registry splits on it). */
export const NATIVE_BACKEND_NAME = 'native';

/** The native backend is a MathBackendCPU (cpu kernels run on it) with a buffer pool. */
export type NativeBackend = MathBackendCPU & { pool: BufferPool };

/** The float32 values of a tensor on the native backend, as a Float32Array. */
export function f32(backend: NativeBackend, t: TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** A float32 output buffer of `n` entries, possibly recycled: the kernel must write them all. */
export function allocF32(backend: NativeBackend, n: number): Float32Array {
  return backend.pool.alloc(n);
}

/** Number of entries of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Makes an output tensor from a filled buffer. */
export function output(
  backend: NativeBackend,
  shape: number[],
  values: Float32Array,
  dtype: DataType = 'float32',
): TensorInfo {
  return backend.makeTensorInfo(shape, dtype, values);
}
