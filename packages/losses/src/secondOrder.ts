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
 *
 * @example
 * ensureComparisonGradients(); // then tf.grad through tf.leakyRelu can be differentiated again
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

/** A gradient of an element-wise op y = op(x), recomputed from the saved input x. */
function unaryFromInput(kernelName: string, derivative: (x: tf.Tensor) => tf.Tensor) {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, derivative(x)) };
    },
  } satisfies tf.GradConfig;
}

/**
 * Pow's gradient with both branches recomputed from the inputs a, b: ∂aᵇ/∂a = b·aᵇ⁻¹ and
 * ∂aᵇ/∂b = aᵇ·log a where a > 0, else 0 (tfjs's value; log of 1 there, so no NaN reaches a
 * second derivative), each summed over broadcast axes.
 */
const POW_GRADIENT = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const reduceTo = (t: tf.Tensor, shape: number[]) => {
      const axes = tf.backend_util.getReductionAxes(shape, outShape);
      return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
    };
    const bf = tf.cast(b, 'float32');
    const positive = tf.greater(a, 0);
    return {
      a: () => reduceTo(tf.mul(g, tf.mul(bf, tf.pow(a, tf.sub(bf, 1)))), a.shape),
      b: () => {
        const logA = tf.log(tf.where(positive, a, tf.onesLike(a)));
        return reduceTo(tf.mul(g, tf.mul(tf.pow(a, b), logA)), b.shape);
      },
    };
  },
} satisfies tf.GradConfig;

/**
 * Softmax's gradient (dy ⊙ y − Σ(dy ⊙ y)·y along `dim`) with y = softmax(logits) recomputed from
 * the saved logits.
 */
const SOFTMAX_GRADIENT = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const [logits] = saved as [tf.Tensor];
    const dim = attrs.dim as number;
    const y = tf.softmax(logits, dim);
    const dyTimesY = tf.mul(dy as tf.Tensor, y);
    return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y)) };
  },
} satisfies tf.GradConfig;

/**
 * The kernels whose tfjs 4.22 gradient reads the op's saved output y (`outputsToSave`) where it
 * matters: tfjs records the copy of y on its tape before the op itself, so a gradient of that
 * gradient never flows back through y (tensorflow/tfjs#3252) and second derivatives come out
 * wrong (Tanh, Sigmoid, Exp, Softmax, Pow's exponent branch) or fail (Elu: its EluGrad kernel
 * has no gradient). Each is replaced by the same first derivative computed from the input:
 * tanh′ = 1 − tanh², σ′ = σ(1 − σ), exp′ = exp, elu′ = exp(min(x, 0)).
 */
const SECOND_ORDER_GRADIENTS: readonly tf.GradConfig[] = [
  unaryFromInput(tf.Tanh, (x) => tf.sub(1, tf.square(tf.tanh(x)))),
  unaryFromInput(tf.Sigmoid, (x) => {
    const s = tf.sigmoid(x);
    return tf.mul(s, tf.sub(1, s));
  }),
  unaryFromInput(tf.Exp, (x) => tf.exp(x)),
  unaryFromInput(tf.Elu, (x) => tf.exp(tf.minimum(x, 0))),
  SOFTMAX_GRADIENT,
  POW_GRADIENT,
];

/** The kernels {@link ensureSecondOrderGradients} replaces the gradients of. */
export const SECOND_ORDER_KERNELS: readonly string[] = SECOND_ORDER_GRADIENTS.map(
  (g) => g.kernelName,
);

/**
 * Makes gradients of gradients (WGAN-GP, R1) right through tanh, sigmoid, exp, elu, softmax and
 * pow on every backend: registers, for each of {@link SECOND_ORDER_KERNELS}, a gradient computed
 * from the op's input instead of tfjs's, which reads the saved output and loses its second-order
 * term (tensorflow/tfjs#3252), plus the zero gradients of {@link ensureComparisonGradients}.
 * First derivatives are unchanged. Called by `gradientPenalty` and `r1Penalty`; call it yourself
 * before other double backprop. Idempotent and silent: a kernel already carrying our gradient is
 * skipped, any other gradient for it is unregistered first (so tfjs's "Overriding the gradient"
 * debug warning is never printed); a gradient registered for these kernels later wins until the
 * next call. Importing this package changes nothing.
 *
 * @example
 * ensureSecondOrderGradients();
 * const gp = tf.grad((w) => tf.square(tf.grad((x) => tf.tanh(tf.mul(w, x)))(x0)))(w0);
 */
export function ensureSecondOrderGradients(): void {
  ensureComparisonGradients();
  for (const config of SECOND_ORDER_GRADIENTS) {
    const current = tf.getGradient(config.kernelName);
    if (current === config) continue;
    if (current !== undefined) tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
}
