import type { TensorInfo } from '@tensorflow/tfjs-core';
import { f32, type NativeBackend, type NativeContext, output, runCpu, sizeOf } from '../_context';

// Codes shared with native/kernels.h.
const BIAS_NONE = 0;
const BIAS_PER_COLUMN = 1;
const BIAS_SCALAR = 2;
const BIAS_FULL = 3;
const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyrelu: 3,
  sigmoid: 4,
  elu: 5,
};
const CPU_ACTIVATION_KERNELS: Record<string, string> = {
  linear: 'Identity',
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  leakyrelu: 'LeakyRelu',
  sigmoid: 'Sigmoid',
};

/** How a bias of `biasShape` adds onto a [rows × cols] result of `outShape`, natively. */
function biasMode(biasShape: readonly number[], outShape: readonly number[], cols: number) {
  // A bias of higher rank would broadcast the result to a new shape: leave that to cpu.
  if (biasShape.length > outShape.length) return undefined;
  const size = sizeOf(biasShape);
  if (size === 1) return BIAS_SCALAR;
  if (size === sizeOf(outShape)) {
    const tail = outShape.slice(outShape.length - biasShape.length);
    if (tail.every((d, i) => d === biasShape[i])) return BIAS_FULL;
  }
  // [cols], [1, cols], [1, 1, cols], ...: one value per output column.
  if (size === cols && biasShape[biasShape.length - 1] === cols) return BIAS_PER_COLUMN;
  return undefined;
}

/**
 * Adds the bias and applies the activation of a fused matmul or conv to a freshly computed
 * float32 result, in place in C++ where the shapes are the common ones (bias per output column,
 * scalar or full; linear, relu, relu6, leakyrelu, sigmoid, elu); otherwise through the cpu
 * backend's Add and activation kernels, exactly as tfjs-backend-cpu does.
 */
export function applyEpilogue(
  ctx: NativeContext,
  backend: NativeBackend,
  result: { shape: number[]; values: Float32Array; rows: number; cols: number },
  opts: {
    bias?: TensorInfo;
    activation?: string;
    preluActivationWeights?: TensorInfo;
    leakyreluAlpha?: number;
  },
): TensorInfo {
  const { bias, preluActivationWeights } = opts;
  const activation = opts.activation ?? 'linear';
  if (activation !== 'prelu' && CPU_ACTIVATION_KERNELS[activation] === undefined) {
    throw new Error(`Activation ${activation} has not been implemented for the native backend.`);
  }
  const act = ACTIVATIONS[activation];
  const mode =
    bias === undefined
      ? BIAS_NONE
      : bias.dtype === 'float32'
        ? biasMode(bias.shape, result.shape, result.cols)
        : undefined;
  if (mode !== undefined && act !== undefined) {
    ctx.addon.biasActivation(
      result.values,
      result.rows,
      result.cols,
      bias === undefined ? null : f32(backend, bias),
      mode,
      act,
      opts.leakyreluAlpha ?? 0.2,
    );
    return output(backend, result.shape, result.values);
  }
  // Uncommon shapes or prelu: the cpu backend's own sequence of kernels.
  let current = output(backend, result.shape, result.values);
  if (bias !== undefined) {
    const added = runCpu(ctx, 'Add', { inputs: { a: current, b: bias }, backend });
    backend.disposeIntermediateTensorInfo(current);
    current = added;
  }
  if (activation !== 'linear') {
    const activated =
      activation === 'prelu'
        ? runCpu(ctx, 'Prelu', {
            inputs: { x: current, alpha: preluActivationWeights as TensorInfo },
            backend,
          })
        : runCpu(ctx, CPU_ACTIVATION_KERNELS[activation] as string, {
            inputs: { x: current },
            backend,
            attrs: { alpha: opts.leakyreluAlpha ?? 0.2 },
          });
    backend.disposeIntermediateTensorInfo(current);
    current = activated;
  }
  return current;
}
