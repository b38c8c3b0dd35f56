// The install-failure path, forced for real: the build script links against a BLAS that does
// not exist, must still exit 0 with one line saying why, and the backend must then refuse to
// register with that reason, so that selectBackend falls back to wasm.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGantryError, selectBackend } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from './_addon';
import { registerNativeBackend } from './index';

let root: string;
let build: ReturnType<typeof spawnSync>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gantry-native-fallback-'));
  for (const part of ['binding.gyp', 'native', 'scripts']) {
    cpSync(join(packageRoot(), part), join(root, part), { recursive: true });
  }
  build = spawnSync(process.execPath, [join(root, 'scripts', 'build-addon.mjs')], {
    env: { ...process.env, GANTRY_BLAS_LIB: 'gantry-no-such-blas' },
    encoding: 'utf8',
  });
}, 180_000);

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await tf.setBackend('cpu');
});

describe('when the addon cannot be built', () => {
  it('the install script exits 0 and prints one line: what failed and how to fix it', () => {
    expect(build.status).toBe(0);
    const lines = `${build.stdout}${build.stderr}`.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^@gantry\/backend-native: addon not built: .*cannot find -lgantry-no-such-blas/,
    );
    expect(lines[0]).toMatch(/apt-get install g\+\+ make python3 libopenblas-dev/);
    const status = JSON.parse(readFileSync(join(root, 'build', 'status.json'), 'utf8'));
    expect(status.ok).toBe(false);
  });

  it('registerNativeBackend() throws the build failure as its reason', async () => {
    const error = await registerNativeBackend({ addonRoot: root }).catch((e) => e);
    expect(isGantryError(error, 'E_NATIVE_UNAVAILABLE')).toBe(true);
    expect(error.message).toMatch(/^addon not built: .*cannot find -lgantry-no-such-blas/);
    expect(tf.findBackendFactory('native')).toBeNull();
  });

  it('selectBackend() then falls back to wasm and says why native was skipped', async () => {
    await useCpuBackend();
    const sel = await selectBackend({
      importModule: async (id) =>
        id === '@gantry/backend-native'
          ? { registerNativeBackend: () => registerNativeBackend({ addonRoot: root }) }
          : ((await import(/* @vite-ignore */ id)) as Record<string, unknown>),
    });
    expect(sel.backend).toBe('wasm');
    expect(sel.skipped.find((s) => s.candidate === 'native')?.reason).toMatch(
      /^addon not built: .*cannot find -lgantry-no-such-blas/,
    );
  });

  it('a package whose install script never ran says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gantry-native-empty-'));
    const error = await registerNativeBackend({ addonRoot: empty }).catch((e) => e);
    rmSync(empty, { recursive: true, force: true });
    expect(error.message).toMatch(
      /^addon not built: .*gantry_native\.node is missing \(the install script did not run/,
    );
  });
});
