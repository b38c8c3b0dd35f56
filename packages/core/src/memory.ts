import * as tf from '@tensorflow/tfjs-core';

/** Result of {@link measureTensorGrowth}. */
export interface TensorGrowth {
  /** `tf.memory().numTensors` after warm-up, before the measured iterations. */
  before: number;
  /** `tf.memory().numTensors` after the measured iterations. */
  after: number;
  /** after − before. */
  growth: number;
  /** growth / iterations. */
  perIteration: number;
}

/**
 * Runs `fn` `warmup` times (to let lazily created variables appear), then `iterations` times,
 * and reports how `tf.memory().numTensors` grew. A leak-free loop has growth 0.
 *
 * @example
 * const { growth } = await measureTensorGrowth(() => tf.tidy(() => tf.ones([2]).sum()), { iterations: 100 });
 */
export async function measureTensorGrowth(
  fn: () => unknown,
  { iterations = 100, warmup = 2 }: { iterations?: number; warmup?: number } = {},
): Promise<TensorGrowth> {
  const run = async () => {
    const out = await fn();
    if (out instanceof tf.Tensor) out.dispose();
  };
  for (let i = 0; i < warmup; i++) await run();
  const before = tf.memory().numTensors;
  for (let i = 0; i < iterations; i++) await run();
  const after = tf.memory().numTensors;
  const growth = after - before;
  return { before, after, growth, perIteration: growth / iterations };
}
