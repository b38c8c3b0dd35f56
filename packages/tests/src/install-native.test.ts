// @gantry/backend-native installed as a user would with install scripts off (pnpm 10's default
// for dependencies, `--ignore-scripts`, npm 12): the prebuilt binary inside the package must
// load, register the backend and compute what cpu computes; without it, the skip reason must
// say why and give the command that fixes it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, run, workspaceRoot } from './_pack';

/** Every `.o` under `dir` (the addon's object files, left by the package's build). */
function objects(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.o'))
    .map((f) => join(dir, f));
}

/** Functions of an object file that use AVX (VEX/EVEX-encoded or ymm/zmm/mask registers). */
async function avxFunctions(file: string): Promise<string[]> {
  const asm = await run('objdump', ['-d', '-C', '--no-show-raw-insn', file], {
    cwd: workspaceRoot,
  });
  const found = new Set<string>();
  let fn = '';
  for (const line of asm.split('\n')) {
    const head = line.match(/^[0-9a-f]+ <(.*)>:$/);
    if (head) fn = head[1] as string;
    else if (/\t(v[a-z0-9]+|kmov[a-z]*)\s|%[yz]mm|%k[0-7]/.test(line)) found.add(fn);
  }
  return [...found];
}

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
      /^backend native \(@gantry\/backend-native, cpu, 2 threads, (openblas|builtin)( \+ onednn)?\)/,
    );
  });

  it('the prebuilt binary needs no newer glibc than 2.27 nor libstdc++ than GCC 6', async () => {
    const dir = join(pkg, 'prebuilds', `${process.platform}-${process.arch}`);
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.node')) as string);
    const dynamic = await run('objdump', ['-T', '-p', file], { cwd: dir });
    /** The newest version a symbol needs under `prefix`, as [major, minor, patch]. */
    const newest = (prefix: string) =>
      [...dynamic.matchAll(new RegExp(`${prefix}_(\\d+)\\.(\\d+)(?:\\.(\\d+))?`, 'g'))]
        .map(([, a, b, c]) => [Number(a), Number(b), Number(c ?? 0)])
        .reduce((m, v) =>
          v[0]! * 1e6 + v[1]! * 1e3 + v[2]! > m[0]! * 1e6 + m[1]! * 1e3 + m[2]! ? v : m,
        );
    expect(newest('GLIBC')).toEqual([2, 27, 0]); // powf; dlopen is bound to its old version
    expect(newest('GLIBCXX')).toEqual([3, 4, 22]); // GCC 6's std::thread
    expect(dynamic).toMatch(/NEEDED\s+libdl\.so\.2/); // where glibc < 2.34 keeps dlopen
  });

  it('outside the AVX2/AVX-512 kernels, nothing in the addon is compiled for more than baseline', async () => {
    const obj = join(workspaceRoot, 'packages/backend-native/build/Release/obj.target');
    const files = objects(obj);
    expect(files.length).toBeGreaterThan(8);
    let inKernels = 0;
    for (const file of files) {
      const avx = await avxFunctions(file);
      // Everything, standard-library code included, is baseline except the ISA namespaces.
      expect(
        avx.filter((f) => !/^gantry::isa_avx(2|512)::/.test(f)),
        file,
      ).toEqual([]);
      if (/kernels_avx(2|512)/.test(file)) inKernels += avx.length;
      else expect(avx, file).toEqual([]);
    }
    expect(inKernels).toBeGreaterThan(10);
  });

  // Last: it removes the installed binary.
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
