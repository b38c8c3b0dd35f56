import { Max, Mean, Min, Sum, util } from '@tensorflow/tfjs-core';
import { allocF32, f32, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/**
 * `shape` reduced over `axes` as [outer, mid, inner] reduced over mid, ignoring dims of size 1
 * (so [N, 7, 1, 7, 1] over axes [1, 3] is [N, 49, 1]); undefined when the reduced dims are not
 * contiguous once those are dropped (e.g. axes [0, 2] of [4, 5, 6]).
 */
export function reductionPlan(
  shape: readonly number[],
  axes: readonly number[],
): { outer: number; mid: number; inner: number } | undefined {
  const dims = shape
    .map((size, i) => ({ size, reduced: axes.includes(i) }))
    .filter((d) => d.size !== 1);
  const first = dims.findIndex((d) => d.reduced);
  if (first === -1) return { outer: sizeOf(shape), mid: 1, inner: 1 };
  let last = first;
  for (let i = first; i < dims.length; i++) if (dims[i]?.reduced) last = i;
  if (dims.slice(first, last + 1).some((d) => !d.reduced)) return undefined;
  const product = (from: number, to: number) =>
    dims.slice(from, to).reduce((p, d) => p * d.size, 1);
  return {
    outer: product(0, first),
    mid: product(first, last + 1),
    inner: product(last + 1, dims.length),
  };
}

function reduceKernel(kernelName: string, axisAttr: string) {
  return defineKernel<'x'>({
    kernelName,
    group: 'elementwise',
    float32: ['x'],
    op: ['reduce', kernelName],
    run(k) {
      const { shape } = k.inputs.x;
      if (sizeOf(shape) === 0) return undefined;
      const axes = util.parseAxisParam(k.attrs[axisAttr] as number | number[], shape);
      const p = reductionPlan(shape, axes);
      if (p === undefined) return undefined;
      const outShape = k.attrs['keepDims']
        ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
        : shape.filter((_, i) => !axes.includes(i));
      const values = allocF32(k.backend, p.outer * p.inner);
      k.addon.reduce(k.op, f32(k.backend, k.inputs.x), values, p.outer, p.mid, p.inner);
      return output(k.backend, outShape, values);
    },
  });
}

/**
 * Sum, Mean, Max, Min of float32 over axes that are contiguous once dims of size 1 are ignored
 * (bias gradients, batch-norm and layer-norm moments, the Tile gradient's sums) in C++.
 */
export const reduceKernels = [
  reduceKernel(Sum, 'axis'),
  reduceKernel(Mean, 'axis'),
  reduceKernel(Max, 'reductionIndices'),
  reduceKernel(Min, 'axis'),
];
