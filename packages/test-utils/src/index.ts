export { type NativeBackendModule, useCpuBackend, useFastBackend } from './backend';
export { expectClose } from './expectClose';
export { moments } from './moments';
export { randomDistribution } from './randomDistribution';
