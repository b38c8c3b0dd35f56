import * as tf from '@tensorflow/tfjs-core';

/**
 * Comparison kernels that sit on the path of a gradient of a gradient: LeakyReLU's gradient is
 * `where(x > 0, dy, α·dy)` and max-pooling's (maxout's) is `dy·(y == x)`. tfjs registers no
 * gradient for them, so a penalty such as WGAN-GP through those layers fails with "gradient
 * function not found for Greater". Their true derivative is 0 almost everywhere.
 */
const COMPARISON_KERNELS = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual'] as const;

/**
 * Registers the zero gradient ∂(a ∘ b)/∂a = ∂(a ∘ b)/∂b = 0 for the comparison kernels that
 * tfjs leaves without one, so penalties can differentiate through LeakyReLU and maxout.
 * Idempotent; leaves any gradient already registered (by tfjs or a user) as it is.
 */
export function ensureComparisonGradients(): void {
  for (const kernelName of COMPARISON_KERNELS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as [tf.Tensor, tf.Tensor];
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
}
