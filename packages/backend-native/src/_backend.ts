import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendValues, DataId, DataType } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './_context';
import { BufferPool } from './_pool';

type CpuBackendClass = typeof MathBackendCPU;

/**
 * The native backend's class: tfjs's MathBackendCPU (same tensor storage, so every cpu kernel
 * runs on it unchanged) plus a pool that recycles the large output buffers of native kernels.
 * Built at registration time because tfjs-backend-cpu is imported only then.
 */
export function createNativeBackendClass(Base: CpuBackendClass): new () => NativeBackend {
  return class MathBackendNative extends Base {
    /** Recycled output buffers of the native kernels. */
    readonly pool = new BufferPool();

    constructor() {
      super();
      // MathBackendCPU's first write prints "install tfjs-node" in Node; this is the fast path.
      (this as unknown as { firstUse: boolean }).firstUse = false;
    }

    override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
      this.pool.onWrite(values);
      return super.write(values, shape, dtype);
    }

    override move(
      dataId: DataId,
      values: BackendValues,
      shape: number[],
      dtype: DataType,
      refCount: number,
    ): void {
      this.pool.onWrite(values);
      super.move(dataId, values, shape, dtype, refCount);
    }

    override readSync(dataId: DataId): BackendValues {
      if (this.data.has(dataId)) this.pool.onExpose(this.data.get(dataId).values);
      return super.readSync(dataId);
    }

    override disposeData(dataId: DataId, force = false): boolean {
      const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
      const released = super.disposeData(dataId, force);
      if (values !== undefined && !this.data.has(dataId)) this.pool.onRelease(values);
      return released;
    }

    override dispose(): void {
      this.pool.clear();
      super.dispose();
    }
  };
}
