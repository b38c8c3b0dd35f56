export {
  adapterLabel,
  describeAdapter,
  type GpuAdapterInfoLike,
  type GpuAdapterLike,
  type GpuDeviceLike,
  type GpuLike,
  type WebgpuAdapterInfo,
} from './adapter';
export { WebgpuBackendError, type WebgpuErrorCode } from './errors';
export {
  attachDeviceMonitor,
  checkWebgpuDevice,
  classifyGpuError,
  mapWebgpuError,
  type WebgpuFault,
  type WebgpuFaultContext,
  webgpuFault,
} from './faults';
export {
  registerWebgpuBackend,
  WEBGPU_BACKEND_NAME,
  type WebgpuBackendInfo,
  type WebgpuBackendOptions,
  webgpuAdapter,
} from './registerWebgpuBackend';
