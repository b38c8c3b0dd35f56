import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { createGanRun, type GanCase, realImages } from './_gan';
import { onBackend } from './_swiftshader';

/** tfjs-backend-webgpu's MatMulProgramType.MatMulPackedProgram. */
const PACKED_MATMUL = 3;

/** What `steps` iterations on one backend left: initial and final weights, last losses. */
interface Trained {
  initial: Float32Array[];
  final: Float32Array[];
  losses: number[];
}

async function train(
  backend: string,
  spec: GanCase,
  data: Float32Array,
  steps: number,
): Promise<Trained> {
  return onBackend(backend, async () => {
    const before = tf.memory().numTensors;
    const run = createGanRun(spec, data);
    const initial = await run.weights();
    for (let i = 0; i < steps; i++) run.step();
    const final = await run.weights();
    const losses = await Promise.all(
      run.lastLosses().map(async (l) => (await l.data())[0] as number),
    );
    run.dispose();
    // Every step's tensors were freed: only what the models' layers cache may stay (none here).
    expect(tf.memory().numTensors, `tensors left on ${backend}`).toBe(before);
    return { initial, final, losses };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Trains `spec` for `steps` iterations on cpu and on webgpu from the same seeds and asserts the
 * two runs agree: per weight tensor, |w_webgpu − w_cpu| ≤ 1e-4·max(moved, max|w|) + 1e-6, where
 * moved = max|w_cpu − w_initial|. Why 1e-4: every kernel agrees with cpu to ≤ 7e-7 of its scale
 * (kernels.test.ts), so 20 steps accumulate ~20·7e-7 ≈ 1.4e-5 of the distance moved without
 * amplification; 1e-4 leaves ~7× for the training map's amplification, while a wrong gradient
 * anywhere moves that tensor by O(1) of its distance. The 1e-6 floor is for tensors that do not
 * move at all (a bias before batch norm has a zero gradient: only rounding noise moves it).
 * Returns the worst ratio |Δ| / max(moved, max|w|) over tensors of scale > 1e-3, for the report.
 */
export async function expectSameTraining(spec: GanCase, steps: number): Promise<number> {
  const data = await realImages(spec.batch * 4, spec.dataShape);
  const cpu = await train('cpu', spec, data, steps);
  // Every matmul on tfjs-backend-webgpu's packed 32×32-tile program: on SwiftShader its reduce
  // program (picked for outputs ≤ 128 values) is ~4× slower per step. kernels.test.ts checks each
  // of the four matmul programs on its own.
  const program = tf.env().get('WEBGPU_MATMUL_PROGRAM_TYPE');
  tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', PACKED_MATMUL);
  const gpu = await train('webgpu', spec, data, steps).finally(() =>
    tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', program),
  );
  let worst = 0;
  let movedTensors = 0;
  cpu.final.forEach((w, i) => {
    const moved = maxAbsDiff(w, cpu.initial[i] as Float32Array);
    if (moved > 1e-4) movedTensors += 1;
    const scale = Math.max(moved, maxAbs(w));
    const diff = maxAbsDiff(gpu.final[i] as Float32Array, w);
    if (scale > 1e-3) worst = Math.max(worst, diff / scale);
    expect(
      diff,
      `weight tensor ${i}: |Δ| ${diff.toExponential(2)}, moved ${moved.toExponential(2)}`,
    ).toBeLessThanOrEqual(1e-4 * scale + 1e-6);
  });
  // The comparison means something only if training moved the weights far past the tolerance.
  expect(movedTensors, 'weight tensors that moved by > 1e-4 (100× the floor)').toBeGreaterThan(
    cpu.final.length / 2,
  );
  cpu.losses.forEach((l, i) => {
    expect(Math.abs((gpu.losses[i] as number) - l), `loss ${i}`).toBeLessThanOrEqual(
      1e-4 * Math.max(1, Math.abs(l)),
    );
  });
  return worst;
}
