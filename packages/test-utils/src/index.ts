export { useCpuBackend } from './backend';
export { expectClose } from './expectClose';
export { randomDistribution } from './randomDistribution';
