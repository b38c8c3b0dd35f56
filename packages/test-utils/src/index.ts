export { type NativeBackendModule, useCpuBackend, useFastBackend } from './backend';
export { expectClose } from './expectClose';
export { randomDistribution } from './randomDistribution';
