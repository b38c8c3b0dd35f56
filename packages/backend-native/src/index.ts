export { NATIVE_BACKEND_NAME } from './_context';
export { NativeBackendError, type NativeErrorCode } from './errors';
export {
  NATIVE_KERNELS,
  type NativeBackendInfo,
  type NativeBackendOptions,
  nativeBackendInfo,
  registerNativeBackend,
  setNativeThreads,
} from './registerNativeBackend';
