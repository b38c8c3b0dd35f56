// Test helpers (not part of the package's API): run the same computation on tfjs's `cpu`
// backend and on `native` — at 1 thread and at TEST_THREADS threads with every kernel split
// (parallel scale 0), so each comparison also covers the threaded paths — and compare.
import { createRng, type Rng } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { loadAddon } from './_addon';
import { registerNativeBackend, setNativeThreads } from './registerNativeBackend';

/** Threads of the threaded native runs: odd, so splits are uneven, and more than 2 cores. */
export const TEST_THREADS = 3;

/** Registers gradients (via tfjs-layers), the cpu backend and the native backend (1 thread). */
export async function setupBackends(): Promise<string> {
  await useCpuBackend();
  return registerNativeBackend({ threads: 1 });
}

/** Runs `fn` with the native backend on `threads` threads, every kernel split when > 1. */
export function withThreads<T>(threads: number, fn: () => T): T {
  const { addon } = loadAddon();
  setNativeThreads(threads);
  addon.setParallelScale(threads > 1 ? 0 : 1);
  try {
    return fn();
  } finally {
    addon.setParallelScale(1);
    setNativeThreads(1);
  }
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

/**
 * Runs `fn` on `cpu`, then on `native` at 1 thread and at TEST_THREADS threads (inputs must be
 * created inside `fn`).
 */
export async function onBoth(
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Outputs; native: Outputs; threaded: Outputs }> {
  await tf.setBackend('cpu');
  const cpu = run(fn);
  await tf.setBackend('native');
  const native = run(fn);
  const threaded = withThreads(TEST_THREADS, () => run(fn));
  return { cpu, native, threaded };
}

/**
 * Asserts actual ≈ expected entry by entry: |a − e| ≤ rtol · max(|e|, mean|e|) — relative to
 * the entry, or to the output's mean magnitude for entries near zero (sums of random signs
 * cancel, and BLAS sums in another order than tfjs's loops). NaN must meet NaN, ±∞ the same ∞.
 */
export function expectRelClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-5,
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

/**
 * Runs `fn` on both backends and compares every output (shape, dtype, values) of the native
 * runs at 1 and at TEST_THREADS threads with cpu's.
 */
export async function expectSameOnBoth(
  fn: () => tf.Tensor | tf.Tensor[],
  { rtol = 1e-5, label = '' }: { rtol?: number; label?: string } = {},
): Promise<Outputs> {
  const { cpu, native, threaded } = await onBoth(fn);
  for (const [name, out] of [
    ['1 thread', native],
    [`${TEST_THREADS} threads`, threaded],
  ] as const) {
    expect(out.shapes, `${label} shapes (${name})`).toEqual(cpu.shapes);
    expect(out.dtypes, `${label} dtypes (${name})`).toEqual(cpu.dtypes);
    cpu.values.forEach((expected, i) => {
      expectRelClose(
        out.values[i] as Float32Array,
        expected,
        rtol,
        `${label} output ${i} (${name})`,
      );
    });
  }
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
