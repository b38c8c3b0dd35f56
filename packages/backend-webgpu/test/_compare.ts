import { createRng } from '@gantry/core';
import * as tf from '@tensorflow/tfjs-core';
import { onBackend } from './_swiftshader';

/** One op under test: its inputs' shapes, and how to draw them. */
export interface OpCase {
  name: string;
  shapes: number[][];
  fn: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Inputs in [0.1, 2] instead of N(0, 1) (log, sqrt, pow). */
  positive?: boolean;
  /** False for ops without a gradient (comparisons). */
  grad?: boolean;
}

/** What an op computed on one backend: the output, then the gradient of each input. */
export type OpResult = Float32Array[];

function inputs(c: OpCase): Float32Array[] {
  const rng = createRng(`op:${c.name}`);
  return c.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return c.positive
      ? rng.fillUniform(new Float32Array(size), 0.1, 2)
      : rng.fillNormal(new Float32Array(size));
  });
}

/**
 * Runs `c` on `backend`: y = f(x…) and ∂(Σ y⊙u)/∂xᵢ for a seeded random cotangent u (the same on
 * every backend), all read back.
 */
export async function runOp(backend: string, c: OpCase): Promise<OpResult> {
  const xs = inputs(c);
  return onBackend(backend, async () => {
    const tensors = xs.map((x, i) => tf.tensor(x, c.shapes[i]));
    const y = c.fn(...tensors);
    const out: tf.Tensor[] = [tf.cast(y, 'float32')];
    if (c.grad !== false) {
      const u = tf.tensor(
        createRng(`cotangent:${c.name}`).fillNormal(new Float32Array(y.size)),
        y.shape,
      );
      out.push(...tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(c.fn(...args), u)))(tensors));
      u.dispose();
    }
    const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose([...tensors, y, ...out]);
    return values;
  });
}

/**
 * Scale-relative error max|a − b| / max(|b|, tiny): 0 for equal arrays, ~1e-7 for two float32
 * computations of the same sum in different orders. NaN where the lengths differ or a value is
 * not finite on one side only.
 */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.NaN;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) !== Number.isFinite(y)) return Number.NaN;
    if (Number.isFinite(y)) {
      diff = Math.max(diff, Math.abs(x - y));
      scale = Math.max(scale, Math.abs(y));
    }
  }
  return diff / Math.max(scale, 1e-30);
}
