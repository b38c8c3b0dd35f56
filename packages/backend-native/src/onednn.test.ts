// Convolutions by oneDNN (native/compute/onednn.cc) against im2col + GEMM: the library is
// chosen once per process at load, so each path runs in a child process (GANTRY_NATIVE_CONV).
// Both give the DCGAN's layers within float32 rounding of each other, and oneDNN the same bits
// run to run at a given thread count.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAddon } from './_addon';

// Geometry: batch, inH, inW, inC, fh, fw, outH, outW, outC, strideH, strideW, dilH, dilW,
// padTop, padLeft.
const SCRIPT = `
  const a = require(process.argv[1]);
  a.setThreads(Number(process.argv[2]));
  const geoms = [
    [8, 14, 14, 64, 5, 5, 7, 7, 128, 2, 2, 1, 1, 1, 1],  // the critic's 2nd conv, 'same'
    [8, 28, 28, 1, 5, 5, 14, 14, 64, 2, 2, 1, 1, 1, 1],  // its 1st (input gradient: im2col)
    [3, 9, 11, 32, 3, 3, 7, 9, 24, 1, 1, 1, 1, 0, 0],    // 'valid', odd sizes
    [2, 10, 10, 16, 4, 4, 5, 5, 20, 2, 2, 1, 1, 1, 1],   // even filter, 'same'
  ];
  const fill = (n, s) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + s) * 0.5);
  const outs = [];
  for (const p of geoms) {
    const g = Int32Array.from(p);
    const [n, ih, iw, ic, fh, fw, oh, ow, oc] = p;
    const x = fill(n * ih * iw * ic, 1), w = fill(fh * fw * ic * oc, 2), dy = fill(n * oh * ow * oc, 3);
    for (let rep = 0; rep < 2; rep++) {
      const y = new Float32Array(n * oh * ow * oc), dx = new Float32Array(x.length);
      a.conv2d(x, w, y, g);
      a.conv2dBackpropInput(dy, w, dx, g);
      outs.push(y, dx);
    }
  }
  const bits = outs.map((o) => Buffer.from(o.buffer).toString('base64'));
  console.log(JSON.stringify({ info: a.info(), bits, values: outs.map((o) => Array.from(o)) }));
`;

interface Run {
  info: { conv: string; convKind: string; threads: number };
  bits: string[];
  values: number[][];
}

function run(conv: 'onednn' | 'im2col', threads: number): Run {
  const { file } = loadAddon();
  const env = { ...process.env, GANTRY_NATIVE_CONV: conv };
  const r = spawnSync(process.execPath, ['-e', SCRIPT, file, String(threads)], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Run;
}

/** Largest |a − b| over the largest |b|: float32 rounding of sums of ~3,000 terms is ~1e-6. */
function relativeError(a: number[], b: number[]): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}

describe('convolutions by oneDNN', () => {
  const libdnnl = ['/usr/lib/x86_64-linux-gnu/libdnnl.so.2', '/usr/lib/libdnnl.so.2'].some((f) =>
    existsSync(f),
  );

  it('are used where libdnnl.so.2 is installed, and GANTRY_NATIVE_CONV=im2col turns them off', () => {
    const off = run('im2col', 1);
    expect(off.info.convKind).toBe('im2col');
    expect(off.info.conv).toBe('im2col + GEMM (GANTRY_NATIVE_CONV=im2col)');
    const on = run('onednn', 1);
    if (libdnnl) {
      expect(on.info.convKind).toBe('onednn');
      expect(on.info.conv).toMatch(/^oneDNN 2\.\d+\.\d+$/);
    } else {
      expect(on.info.convKind).toBe('im2col');
      expect(on.info.conv).toMatch(/^im2col \+ GEMM \(/);
    }
  });

  it('match im2col + GEMM within 1e-5 at 1 and 3 threads, and repeat bit for bit', () => {
    const reference = run('im2col', 1);
    for (const threads of [1, 3]) {
      const got = run('onednn', threads);
      expect(got.info.threads).toBe(threads);
      got.values.forEach((v, i) => {
        expect(relativeError(v, reference.values[i] as number[]), `output ${i}`).toBeLessThan(1e-5);
      });
      // Not the same code: oneDNN sums in another order, so some bits differ.
      if (got.info.convKind === 'onednn') {
        expect(got.bits.some((b, i) => b !== reference.bits[i])).toBe(true);
      }
      // Outputs come in pairs of repetitions: (y, dx) then (y, dx) again, per geometry.
      for (let i = 0; i < got.bits.length; i += 4) {
        expect(got.bits[i + 2], `y of geometry ${i / 4}`).toBe(got.bits[i]);
        expect(got.bits[i + 3], `dx of geometry ${i / 4}`).toBe(got.bits[i + 1]);
      }
    }
  });
});
