// @gantry/backend-native installed as a user would with install scripts off (pnpm 10's default
// for dependencies, `--ignore-scripts`, npm 12): the prebuilt binary inside the package must
// load, register the backend and compute what cpu computes; without it, the skip reason must
// say why and give the command that fixes it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, run } from './_pack';

const SCRIPT = `
  import * as tf from '@tensorflow/tfjs-core';
  import '@tensorflow/tfjs-backend-cpu';
  import { selectBackend } from '@gantry/core';
  import { nativeBackendInfo } from '@gantry/backend-native';
  const sel = await selectBackend({ importModule: (id) => import(id), threads: 2 });
  const out = { backend: sel.backend, summary: sel.summary, skipped: sel.skipped };
  if (sel.backend === 'native') {
    const a = tf.randomNormal([67, 129], 0, 1, 'float32', 1);
    const b = tf.randomNormal([129, 45], 0, 1, 'float32', 2);
    const native = tf.matMul(a, b).dataSync();
    await tf.setBackend('cpu');
    const ca = tf.tensor(a.dataSync(), a.shape), cb = tf.tensor(b.dataSync(), b.shape);
    const cpu = tf.matMul(ca, cb).dataSync();
    let worst = 0, mean = 0;
    for (let i = 0; i < cpu.length; i++) mean += Math.abs(cpu[i]) / cpu.length;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(native[i] - cpu[i]) / Math.max(Math.abs(cpu[i]), mean));
    Object.assign(out, { info: nativeBackendInfo(), worst, size: cpu.length });
  }
  console.log(JSON.stringify(out));
`;

describe('install @gantry/backend-native from tarballs with install scripts ignored', () => {
  let dir = '';
  let pkg = '';
  beforeAll(async () => {
    dir = await packAndInstall(
      ['core', 'backend-native'],
      ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'],
      { ignoreScripts: true },
    );
    pkg = join(dir, 'node_modules', '@gantry', 'backend-native');
  });

  it('ships a prebuilt binary for this platform, and nothing was built at install', () => {
    const platform = `${process.platform}-${process.arch}`;
    expect(
      readdirSync(join(pkg, 'prebuilds', platform)).filter((f) => f.endsWith('.node')),
    ).toEqual(['@gantry+backend-native.glibc.node']);
    expect(existsSync(join(pkg, 'build'))).toBe(false);
  });

  it('registers the backend from the prebuilt binary and multiplies like cpu', async () => {
    const out = JSON.parse(await run('node', ['--input-type=module', '-e', SCRIPT], { cwd: dir }));
    expect(out.backend, JSON.stringify(out.skipped)).toBe('native');
    expect(out.info.prebuilt).toBe(true);
    expect(out.info.threads).toBe(2);
    expect(out.size).toBe(67 * 45);
    expect(out.worst).toBeLessThanOrEqual(1e-5);
    expect(out.summary).toMatch(
      /^backend native \(@gantry\/backend-native, cpu, 2 threads, (openblas|builtin)\)/,
    );
  });

  it('without a usable binary, says why and the exact command that fixes it', async () => {
    rmSync(join(pkg, 'prebuilds'), { recursive: true, force: true });
    const out = JSON.parse(await run('node', ['--input-type=module', '-e', SCRIPT], { cwd: dir }));
    expect(out.backend).not.toBe('native');
    const reason = out.skipped.find((s: { candidate: string }) => s.candidate === 'native')?.reason;
    expect(reason).toMatch(
      /^no prebuilt binary for \w+-\w+ and no source build \(the install script did not run\)\. Fix: npm rebuild @gantry\/backend-native /,
    );
  });
});
