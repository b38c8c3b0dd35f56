// The install-failure path, forced for real: a copy of the package without prebuilt binaries,
// built from source with a C++ compiler that does not exist, must still exit 0 with one line
// saying why, and the backend must then refuse to register with that reason and the command
// that fixes it, so that selectBackend falls back to wasm (and still shows the fix).
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
    env: { ...process.env, CXX: '/nonexistent/gantry-no-such-cxx' },
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
    expect(lines[0]).toMatch(/^@gantry\/backend-native: addon not built: .*gantry-no-such-cxx/);
    expect(lines[0]).toMatch(/apt-get install g\+\+ make python3\b/);
    expect(lines[0]).toMatch(/npm rebuild @gantry\/backend-native/);
    const status = JSON.parse(readFileSync(join(root, 'build', 'status.json'), 'utf8'));
    expect(status.ok).toBe(false);
  });

  it('registerNativeBackend() throws the build failure as its reason', async () => {
    const error = await registerNativeBackend({ addonRoot: root }).catch((e) => e);
    expect(isGantryError(error, 'E_NATIVE_UNAVAILABLE')).toBe(true);
    expect(error.message).toMatch(
      /^no prebuilt binary for \w+-\w+ and the source build failed: .*gantry-no-such-cxx/,
    );
    expect(error.message).toMatch(/\. Fix: npm rebuild @gantry\/backend-native \(pnpm: /);
    expect(error.details.fix).toMatch(/^npm rebuild @gantry\/backend-native/);
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
    const reason = sel.skipped.find((s) => s.candidate === 'native')?.reason ?? '';
    expect(reason).toMatch(/^no prebuilt binary .* the source build failed: .*gantry-no-such-cxx/);
    // However long the reason, the command that fixes it survives in the summary.
    expect(reason).toMatch(/Fix: npm rebuild @gantry\/backend-native .*python3\)$/);
    expect(sel.summary).toContain('Fix: npm rebuild @gantry/backend-native');
  });

  it('a package whose install script never ran says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gantry-native-empty-'));
    const error = await registerNativeBackend({ addonRoot: empty }).catch((e) => e);
    rmSync(empty, { recursive: true, force: true });
    expect(error.message).toMatch(
      /^no prebuilt binary for \w+-\w+ and no source build \(the install script did not run\)\. Fix: npm rebuild/,
    );
  });
});
