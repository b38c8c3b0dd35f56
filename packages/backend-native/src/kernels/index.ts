import { fusedMatMulKernel } from './_FusedMatMul';
import type { NativeKernelSpec } from './_kernel';
import { batchMatMulKernel } from './BatchMatMul';
import { binaryKernels } from './binary';
import { conv2DKernel } from './Conv2D';
import { conv2DBackpropFilterKernel } from './Conv2DBackpropFilter';
import { conv2DBackpropInputKernel } from './Conv2DBackpropInput';
import { fusedBatchNormKernel } from './FusedBatchNorm';
import { fusedConv2DKernel } from './FusedConv2D';
import { logicalNotKernel } from './LogicalNot';
import { optimizerUpdateKernel } from './OptimizerUpdate';
import { reduceKernels } from './reduce';
import { selectKernel } from './Select';
import { tileKernel } from './Tile';
import { unaryKernels } from './unary';

/** Every kernel the native backend computes itself: the one list registration walks. */
export const KERNEL_SPECS: readonly NativeKernelSpec[] = [
  batchMatMulKernel,
  fusedMatMulKernel,
  conv2DKernel,
  fusedConv2DKernel,
  conv2DBackpropInputKernel,
  conv2DBackpropFilterKernel,
  ...binaryKernels,
  ...unaryKernels,
  ...reduceKernels,
  selectKernel,
  logicalNotKernel,
  tileKernel,
  fusedBatchNormKernel,
  optimizerUpdateKernel,
];
