// Test helpers (not part of the package's API): run the same computation on tfjs's `cpu`
// backend and on `native`, and compare.
import { createRng, type Rng } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { registerNativeBackend } from './registerNativeBackend';

/** Registers gradients (via tfjs-layers), the cpu backend and the native backend. */
export async function setupBackends(): Promise<string> {
  await useCpuBackend();
  return registerNativeBackend();
}

/** Outputs of one computation, read back as plain arrays. */
export interface Outputs {
  shapes: number[][];
  dtypes: string[];
  values: Float32Array[];
}

function run(fn: () => tf.Tensor | tf.Tensor[]): Outputs {
  const outs = tf.tidy(fn);
  const list = Array.isArray(outs) ? outs : [outs];
  const result = {
    shapes: list.map((t) => [...t.shape]),
    dtypes: list.map((t) => t.dtype),
    values: list.map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>)),
  };
  tf.dispose(list);
  return result;
}

/** Runs `fn` on `cpu` then on `native` (inputs must be created inside `fn`). */
export async function onBoth(
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Outputs; native: Outputs }> {
  await tf.setBackend('cpu');
  const cpu = run(fn);
  await tf.setBackend('native');
  const native = run(fn);
  return { cpu, native };
}

/**
 * Asserts actual ≈ expected entry by entry: |a − e| ≤ rtol · max(|e|, mean|e|) — relative to
 * the entry, or to the output's mean magnitude for entries near zero (sums of random signs
 * cancel, and BLAS sums in another order than tfjs's loops). NaN must meet NaN, ±∞ the same ∞.
 */
export function expectRelClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-4,
  label = '',
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let meanAbs = 0;
  let finite = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    if (Number.isFinite(e)) {
      meanAbs += Math.abs(e);
      finite++;
    }
  }
  meanAbs = finite > 0 ? meanAbs / finite : 0;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(
        Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)),
        `${label} entry ${i}: ${a} vs ${e}`,
      ).toBe(true);
      continue;
    }
    const scale = Math.max(Math.abs(e), meanAbs);
    const err = scale === 0 ? Math.abs(a - e) : Math.abs(a - e) / scale;
    if (!(err <= worst)) {
      worst = err;
      worstAt = i;
    }
  }
  expect(
    worst,
    `${label} worst relative error at entry ${worstAt}: ${actual[worstAt]} vs ${expected[worstAt]}`,
  ).toBeLessThanOrEqual(rtol);
}

/** Runs `fn` on both backends and compares every output (shape, dtype, values). */
export async function expectSameOnBoth(
  fn: () => tf.Tensor | tf.Tensor[],
  { rtol = 1e-4, label = '' }: { rtol?: number; label?: string } = {},
): Promise<Outputs> {
  const { cpu, native } = await onBoth(fn);
  expect(native.shapes, `${label} shapes`).toEqual(cpu.shapes);
  expect(native.dtypes, `${label} dtypes`).toEqual(cpu.dtypes);
  cpu.values.forEach((expected, i) => {
    expectRelClose(native.values[i] as Float32Array, expected, rtol, `${label} output ${i}`);
  });
  return native;
}

/** N(0, 1) values of a shape, from a seeded generator. */
export function randn(rng: Rng, shape: number[]): Float32Array {
  return rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)));
}

/** A seeded generator for a test. */
export function testRng(seed: number | string): Rng {
  return createRng(seed);
}
