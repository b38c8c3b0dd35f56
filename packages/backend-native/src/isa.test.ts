// The AVX2 and AVX-512 kernels give the same bits as the baseline ones (no fused multiply-adds
// the source does not write), so results do not depend on the CPU a run lands on. Each ISA is
// chosen once per process at load, so each runs in a child process (GANTRY_NATIVE_ISA caps it).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadAddon } from './_addon';

const SCRIPT = `
  const a = require(process.argv[1]);
  const n = 4099, x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { x[i] = Math.sin(i * 1.7) * 9; y[i] = Math.cos(i * 0.3) * 3 + 3.5; }
  const outs = [];
  for (const code of Object.values(a.ops.unary)) {
    const o = new Float32Array(n); a.unary(code, code === a.ops.unary.Log || code === a.ops.unary.Sqrt ? y : x, o, n, 0.2); outs.push(o);
  }
  for (const code of Object.values(a.ops.binary)) {
    const o = new Float32Array(n); a.binary(code, y, 0, x, 0, o, 1, n); outs.push(o);
  }
  const bn = new Float32Array(n - 3);
  a.batchNorm(x, y.subarray(0, 7), y.subarray(7, 14), y.subarray(14, 21), x.subarray(0, 7), bn, (n - 3) / 7 | 0, 7, 1e-3, 0);
  outs.push(bn);
  // Full-size batch-norm parameters, and reductions: row sums (eight lanes), column sums, max.
  const bnFull = new Float32Array(4096);
  a.batchNorm(x, y, y, x, y, bnFull, 64, 64, 1e-3, 15);
  outs.push(bnFull);
  for (const code of Object.values(a.ops.reduce)) {
    for (const [outer, mid, inner] of [[3, 1365, 1], [1, 4099, 1], [17, 241, 1], [4, 31, 33]]) {
      const o = new Float32Array(outer * inner); a.reduce(code, x, o, outer, mid, inner); outs.push(o);
    }
  }
  // The fused optimizer updates (sgd, adam, rmsprop), vectorised since their loops are restrict.
  const c = [[0.9, 0.01], [0.5, 0.5, 0.999, 0.001, 4e-4, 0.003, 1e-8], [0.99, 0.01, 5e-5, 1e-8]];
  const g = y.map((v) => v - 3.5), s0 = x.map((v) => v / 9);
  for (const [k, name] of ['sgd', 'adam', 'rmsprop'].entries()) {
    const xo = new Float32Array(n), s0o = new Float32Array(n), s1o = k === 1 ? new Float32Array(n) : null;
    a.optimizerUpdate(a.ops.optimizer[name], x, g, s0, k === 1 ? y : null, Float32Array.from(c[k]), xo, s0o, s1o, n);
    outs.push(xo, s0o, ...(s1o ? [s1o] : []));
  }
  const mm = new Float32Array(45 * 37);
  a.matmul(x, y, mm, 1, 45, 37, 61, false, false, 0, 0, null, null);
  outs.push(mm);
  const bits = outs.map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('base64'));
  console.log(JSON.stringify({ isa: a.info().isa, bits }));
`;

function run(isa: string | undefined) {
  const { file } = loadAddon();
  const env: NodeJS.ProcessEnv = { ...process.env, GANTRY_NATIVE_BLAS: 'builtin' };
  if (isa === undefined) delete env['GANTRY_NATIVE_ISA'];
  else env['GANTRY_NATIVE_ISA'] = isa;
  const r = spawnSync(process.execPath, ['-e', SCRIPT, file], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { isa: string; bits: string[] };
}

describe('kernels per instruction set', () => {
  it('give the same bits as the baseline kernels (element-wise, batch norm, reductions, optimizer updates, built-in GEMM)', () => {
    const baseline = run('baseline');
    expect(baseline.isa).toBe('baseline');
    for (const isa of ['avx2', undefined]) {
      const other = run(isa);
      expect(other.bits.length).toBe(baseline.bits.length);
      other.bits.forEach((b, i) => expect(b, `${other.isa} output ${i}`).toBe(baseline.bits[i]));
    }
  });
});
