import type { TensorInfo } from '@tensorflow/tfjs-core';
import { f32, output, sizeOf } from '../_context';
import type { KernelTools } from './_kernel';

const CPU_ACTIVATION_KERNELS: Record<string, string> = {
  linear: 'Identity',
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  leakyrelu: 'LeakyRelu',
  sigmoid: 'Sigmoid',
};

/** How a bias of `biasShape` adds onto a [rows × cols] result of `outShape`, natively. */
function biasMode(
  codes: KernelTools['codes'],
  biasShape: readonly number[],
  outShape: readonly number[],
  cols: number,
): number | undefined {
  // A bias of higher rank would broadcast the result to a new shape: leave that to cpu.
  if (biasShape.length > outShape.length) return undefined;
  const size = sizeOf(biasShape);
  if (size === 1) return codes.bias.scalar;
  if (size === sizeOf(outShape)) {
    const tail = outShape.slice(outShape.length - biasShape.length);
    if (tail.every((d, i) => d === biasShape[i])) return codes.bias.full;
  }
  // [cols], [1, cols], [1, 1, cols], ...: one value per output column.
  if (size === cols && biasShape[biasShape.length - 1] === cols) return codes.bias.perColumn;
  return undefined;
}

/**
 * Adds the bias and applies the activation of a fused matmul or conv to a freshly computed
 * float32 result, in place in C++ where the shapes are the common ones (bias per output column,
 * scalar or full; linear, relu, relu6, leakyrelu, sigmoid, elu); otherwise through the cpu
 * backend's Add and activation kernels, exactly as tfjs-backend-cpu does.
 */
export function applyEpilogue(
  k: KernelTools,
  result: { shape: number[]; values: Float32Array; rows: number; cols: number },
  opts: {
    bias?: TensorInfo | undefined;
    activation?: string | undefined;
    preluActivationWeights?: TensorInfo | undefined;
    leakyreluAlpha?: number | undefined;
  },
): TensorInfo {
  const { bias, preluActivationWeights } = opts;
  const { backend, codes } = k;
  const activation = opts.activation ?? 'linear';
  if (activation !== 'prelu' && CPU_ACTIVATION_KERNELS[activation] === undefined) {
    throw new Error(`Activation ${activation} has not been implemented for the native backend.`);
  }
  const act = codes.activation[activation];
  const mode =
    bias === undefined
      ? codes.bias.none
      : bias.dtype === 'float32'
        ? biasMode(codes, bias.shape, result.shape, result.cols)
        : undefined;
  if (mode !== undefined && act !== undefined) {
    k.addon.biasActivation(
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
    const added = k.cpu('Add', { a: current, b: bias });
    backend.disposeIntermediateTensorInfo(current);
    current = added;
  }
  if (activation !== 'linear') {
    const activated =
      activation === 'prelu'
        ? k.cpu('Prelu', { x: current, alpha: preluActivationWeights as TensorInfo })
        : k.cpu(
            CPU_ACTIVATION_KERNELS[activation] as string,
            { x: current },
            {
              alpha: opts.leakyreluAlpha ?? 0.2,
            },
          );
    backend.disposeIntermediateTensorInfo(current);
    current = activated;
  }
  return current;
}
