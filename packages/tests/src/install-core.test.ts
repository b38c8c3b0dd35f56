import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, run } from './_pack';

describe('install @gantry/core alone (pnpm pack → empty project)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await packAndInstall(
      ['core'],
      ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'],
    );
  });

  it('works through import (ESM)', async () => {
    const script = `
      import '@tensorflow/tfjs-backend-cpu';
      import * as tf from '@tensorflow/tfjs-core';
      import { createRng, jsDivergence, logSigmoid, virtualTrainingCriterion, selectBackend } from '@gantry/core';
      const sel = await selectBackend({ prefer: 'cpu' });
      const v = logSigmoid(tf.tensor1d([-1000, 0])).dataSync();
      const c = virtualTrainingCriterion([0.5, 0.5], [0.5, 0.5]);
      console.log(JSON.stringify({ backend: sel.backend, v: Array.from(v), c, js: jsDivergence([1, 0], [0, 1]), r: createRng(42).nextUint32() }));
    `;
    const out = JSON.parse(await run('node', ['--input-type=module', '-e', script], { cwd: dir }));
    expect(out.backend).toBe('cpu');
    expect(out.v[0]).toBe(-1000);
    expect(out.v[1]).toBeCloseTo(-Math.LN2, 6);
    expect(out.c).toBeCloseTo(-Math.log(4), 12);
    expect(out.js).toBe(Math.LN2);
    expect(out.r).toBe(4236433703);
  });

  it('works through require (CJS)', async () => {
    const script = `
      require('@tensorflow/tfjs-backend-cpu');
      const tf = require('@tensorflow/tfjs-core');
      const core = require('@gantry/core');
      tf.setBackend('cpu').then(() => {
        const sp = core.softplus(tf.tensor1d([1000])).dataSync()[0];
        let err;
        try { core.klDivergence([0.5, 0.5], [1]); } catch (e) { err = { code: e.code, isGantry: core.isGantryError(e) }; }
        console.log(JSON.stringify({ sp, err, r: core.createRng(42).nextUint32() }));
      });
    `;
    const out = JSON.parse(await run('node', ['-e', script], { cwd: dir }));
    expect(out.sp).toBe(1000);
    expect(out.err).toEqual({ code: 'E_LENGTH_MISMATCH', isGantry: true });
    expect(out.r).toBe(4236433703);
  });
});
