import { WebgpuBackendError } from './errors';

/** The part of tfjs-backend-webgpu's WebGPUBackend this package extends. */
interface WebgpuBackendLike {
  readSync(dataId: object): unknown;
  tensorMap: { get(dataId: object): { values?: unknown } | undefined };
}

type BackendClass = new (device: unknown, adapterInfo: unknown) => WebgpuBackendLike;

/**
 * tfjs-backend-webgpu's backend with one change: a synchronous read (`dataSync`, `arraySync`) of
 * a tensor still on the GPU, where no OffscreenCanvas exists (Node), throws a WebgpuBackendError
 * saying to use `await tensor.data()` instead of tfjs's `OffscreenCanvas is not defined`. WebGPU
 * has no blocking readback; tfjs fakes one in browsers by drawing into a canvas.
 */
export function createWebgpuBackendClass(WebGPUBackend: unknown): BackendClass {
  const Base = WebGPUBackend as BackendClass;
  return class GantryWebGPUBackend extends Base {
    override readSync(dataId: object): unknown {
      const cached = this.tensorMap.get(dataId)?.values;
      if (
        cached == null &&
        typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined'
      ) {
        throw new WebgpuBackendError(
          'E_WEBGPU_SYNC_READ',
          'dataSync()/arraySync() cannot read a GPU tensor here (WebGPU has no synchronous readback outside a browser): use await tensor.data()',
        );
      }
      return super.readSync(dataId);
    }
  };
}
