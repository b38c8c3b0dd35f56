// `runTraining` on the webgpu backend (Dawn on SwiftShader, the CPU Vulkan device Debian's
// chromium ships): the scalars stay on the device between reads, checkpoints and resume work
// with asynchronous reads only (WebGPU cannot read synchronously in Node), and a device lost
// mid-run ends the run with the backend's typed error, the adapter named and the last
// checkpoint intact.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSwiftShaderIcd } from '@gantry/backend-webgpu/node';
import { type BackendSelection, isGantryError, selectBackend } from '@gantry/core';
import type { TrainConfigInput } from '@gantry/trainer';
import { runTraining } from '@gantry/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const icd = findSwiftShaderIcd();
if (icd === undefined && process.env['CI']) {
  throw new Error(
    "webgpu training tests need SwiftShader's Vulkan ICD in CI (.ci/run installs chromium)",
  );
}
if (icd === undefined)
  console.warn('skipping webgpu training tests outside CI: no SwiftShader ICD');

const base: TrainConfigInput = {
  data: 'ring2d',
  batchSize: 16,
  generatorHidden: [16, 16],
  discriminatorHidden: [16, 16],
  seed: 4,
  backend: 'webgpu',
  checkpointEvery: 5,
};

describe.skipIf(icd === undefined)('runTraining on webgpu (SwiftShader)', () => {
  let selection: BackendSelection;
  let root: string;

  beforeAll(async () => {
    process.env['VK_ICD_FILENAMES'] = icd;
    process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
    selection = await selectBackend({
      prefer: 'webgpu',
      // From here: core itself does not depend on the optional backends (the CLI does this too).
      importModule: (id) => import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>,
    });
    root = await mkdtemp(join(tmpdir(), 'gantry-webgpu-'));
  }, 120_000);
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  it('trains, reading the scalars every 10 steps; records the adapter; resumes', async () => {
    expect(selection.backend).toBe('webgpu');
    const out = join(root, 'ring');
    const first = await runTraining({ ...base, steps: 25, out }, { backend: selection });
    expect(first).toMatchObject({ reason: 'completed', steps: 25, backend: 'webgpu' });
    const lines = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).step)).toEqual([10, 20, 25]);
    const record = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(record.backend).toMatchObject({ name: 'webgpu', adapter: { software: true } });
    expect(record.backend.adapter.description).toMatch(/SwiftShader/i);
    const resumed = await runTraining({}, { resume: out, steps: 30, backend: selection });
    expect(resumed).toMatchObject({ reason: 'completed', steps: 30 });
    expect(Number.isFinite(resumed.lastMetrics?.lossD)).toBe(true);
  }, 300_000);

  // Last: a destroyed device stays lost for the rest of this process.
  it('a device lost mid-run: E_WEBGPU_DEVICE_LOST naming the adapter and the last checkpoint', async () => {
    const out = join(root, 'lost');
    const destroyAt15 = {
      afterStep: ({ trainer }: { trainer: { steps: number } }) => {
        if (trainer.steps === 12) {
          (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
        }
      },
    };
    const error = await runTraining(
      { ...base, steps: 30, out },
      { backend: selection, hooks: [destroyAt15] },
    ).catch((e: unknown) => e);
    expect(isGantryError(error, 'E_WEBGPU_DEVICE_LOST'), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^the WebGPU device on google swiftshader .*was lost at step 15 /);
    expect(message).toContain(`the last good checkpoint is ${join(out, 'checkpoints')}`);
    expect((error as { details: { lastGoodStep: number } }).details.lastGoodStep).toBe(10);
    const saved = JSON.parse(
      await readFile(join(out, 'checkpoints', 'step-000010', 'state.json'), 'utf8'),
    );
    expect(saved.state.step).toBe(10);
    // The checkpoint due at step 15 read the lost device first and wrote nothing.
    expect(await readdir(join(out, 'checkpoints'))).not.toContainEqual(
      expect.stringMatching(/15|tmp/),
    );
  }, 300_000);
});
