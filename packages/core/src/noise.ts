import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors';
import type { Rng } from './rng';

/** A noise prior p_z for the generator's input. */
export type NoisePrior =
  | { kind: 'normal'; mean?: number; std?: number }
  | { kind: 'uniform'; low?: number; high?: number };

/** Names accepted by {@link parsePrior}. */
export const NOISE_PRIORS = ['normal', 'uniform'] as const;

function checkShape(shape: readonly number[]): number {
  let size = 1;
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d <= 0) {
      throw new InvalidArgumentError(
        'E_INVALID_ARGUMENT',
        `noise shape[${i}] must be a positive integer, got ${d}`,
        { option: 'shape', index: i },
      );
    }
    size *= d;
  });
  return size;
}

/**
 * z ~ N(mean, std²) as a float32 tensor of `shape`, drawn from `rng`.
 *
 * @example
 * const z = normalNoise(createRng(1), [64, 100]);
 */
export function normalNoise(
  rng: Rng,
  shape: readonly number[],
  { mean = 0, std = 1 }: { mean?: number; std?: number } = {},
): tf.Tensor {
  const data = rng.fillNormal(new Float32Array(checkShape(shape)), mean, std);
  return tf.tensor(data, [...shape], 'float32');
}

/**
 * z ~ U[low, high) (default U[−1, 1)) as a float32 tensor of `shape`, drawn from `rng`.
 *
 * @example
 * const z = uniformNoise(createRng(1), [64, 100]);
 */
export function uniformNoise(
  rng: Rng,
  shape: readonly number[],
  { low = -1, high = 1 }: { low?: number; high?: number } = {},
): tf.Tensor {
  const data = rng.fillUniform(new Float32Array(checkShape(shape)), low, high);
  return tf.tensor(data, [...shape], 'float32');
}

/** Draws a `[batch, dim]` noise batch from `prior`. */
export function sampleNoise(rng: Rng, prior: NoisePrior, batch: number, dim: number): tf.Tensor2D {
  const shape = [batch, dim];
  const z =
    prior.kind === 'normal'
      ? normalNoise(rng, shape, prior)
      : uniformNoise(rng, shape, { low: prior.low ?? -1, high: prior.high ?? 1 });
  return z as tf.Tensor2D;
}

/** Parses a prior name (`normal` or `uniform`) into a {@link NoisePrior}. */
export function parsePrior(name: string): NoisePrior {
  if (name === 'normal') return { kind: 'normal' };
  if (name === 'uniform') return { kind: 'uniform', low: -1, high: 1 };
  throw new InvalidArgumentError(
    'E_INVALID_ARGUMENT',
    `unknown noise prior "${name}"; known: ${NOISE_PRIORS.join(', ')}`,
    { option: 'prior' },
  );
}
