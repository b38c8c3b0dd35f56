import * as tf from '@tensorflow/tfjs-core';

/**
 * softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)); gradient σ(x).
 * Exact and finite for |x| up to 1e4 and beyond.
 *
 * @example
 * softplus(tf.tensor([-1000, 0, 1000])); // [0, log 2, 1000]
 */
export function softplus<T extends tf.Tensor>(x: T): T {
  const op = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    save([t]);
    const value = tf.add(tf.relu(t), tf.log1p(tf.exp(tf.neg(tf.abs(t)))));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.mul(dy, tf.sigmoid(saved[0] as tf.Tensor)),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}

/**
 * log σ(x) = −softplus(−x); gradient 1 − σ(x) = σ(−x). Finite for large |x|.
 *
 * @example
 * logSigmoid(tf.scalar(-1000)); // -1000
 */
export function logSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.neg(softplus(tf.neg(x)))) as T;
}

/**
 * log(1 − σ(x)) = log σ(−x) = −softplus(x); gradient −σ(x). Finite for large |x|.
 *
 * @example
 * log1mSigmoid(tf.scalar(1000)); // -1000
 */
export function log1mSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.neg(softplus(x))) as T;
}

/**
 * log Σᵢ e^{xᵢ} along `axis` (all axes when omitted), as m + log Σ e^{xᵢ − m} with m = max x;
 * gradient softmax(x).
 *
 * @example
 * logSumExp(tf.tensor([1000, 1000])); // 1000 + log 2
 */
export function logSumExp(x: tf.Tensor, axis?: number | number[], keepDims = false): tf.Tensor {
  const axes = normaliseAxes(x.rank, axis);
  const op = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    const value = tf.tidy(() => {
      const m = tf.max(t, axes, true);
      // Where every entry is −∞, m = −∞ and x − m is NaN: shift by 0 there instead.
      const safeM = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
      const s = tf.log(tf.sum(tf.exp(tf.sub(t, safeM)), axes, true));
      const out = tf.add(s, safeM);
      return keepDims ? out : tf.squeeze(out, axes);
    });
    save([t]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        // softmax(x) = e^{x − m} / Σ e^{x − m}: x − m is exact, unlike x − logSumExp(x) in float32.
        const inp = saved[0] as tf.Tensor;
        const keptShape = inp.shape.map((d, i) => (axes.includes(i) ? 1 : d));
        const m = tf.max(inp, axes, true);
        const safeM = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
        const e = tf.exp(tf.sub(inp, safeM));
        const softmax = tf.div(e, tf.sum(e, axes, true));
        return [tf.mul(tf.reshape(dy, keptShape), softmax)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x);
}

/**
 * log((1/n) Σᵢ e^{xᵢ}) = logSumExp(x) − log n along `axis` (all axes when omitted).
 *
 * @example
 * logMeanExp(tf.tensor([0, 0, 0])); // 0
 */
export function logMeanExp(x: tf.Tensor, axis?: number | number[], keepDims = false): tf.Tensor {
  return tf.tidy(() => {
    const axes = normaliseAxes(x.rank, axis);
    const n = axes.reduce((acc, a) => acc * (x.shape[a] ?? 1), 1);
    return tf.sub(logSumExp(x, axes, keepDims), Math.log(n));
  });
}

function normaliseAxes(rank: number, axis?: number | number[]): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  return (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + rank : a));
}
