import { Tile, type TileAttrs } from '@tensorflow/tfjs-core';
import { allocF32, f32, output, sizeOf } from '../_context';
import { defineKernel } from './_kernel';

/**
 * Tile of float32 by block copies, over the thread pool (the cpu kernel maps every output
 * index; batch-norm gradients and layer norm tile per-channel vectors to the whole activation).
 */
export const tileKernel = defineKernel<'x', TileAttrs>({
  kernelName: Tile,
  group: 'elementwise',
  float32: ['x'],
  run(k) {
    const { x } = k.inputs;
    const { reps } = k.attrs;
    if (reps.length !== x.shape.length || x.shape.length > 16) return undefined;
    const outShape = x.shape.map((d, i) => d * (reps[i] as number));
    const values = allocF32(k.backend, sizeOf(outShape));
    k.addon.tile(f32(k.backend, x), Int32Array.from(x.shape), Int32Array.from(reps), values);
    return output(k.backend, outShape, values);
  },
});
