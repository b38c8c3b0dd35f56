import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, run, workspaceRoot } from './_pack';

describe('the gantry bin (a committed shim that loads dist/)', () => {
  beforeAll(async () => {
    await buildPackages(['cli']);
  });

  it('exists before any build and is executable, so installs link it', async () => {
    const shim = await stat(join(workspaceRoot, 'packages/cli/bin/gantry.js'));
    expect(shim.isFile()).toBe(true);
    expect(shim.mode & 0o111).not.toBe(0);
  });

  it('runs as `pnpm exec gantry` from the workspace root after the build', async () => {
    const out = await run('pnpm', ['exec', 'gantry', 'theory'], { cwd: workspaceRoot });
    expect(out).toMatch(/C\(G\) = -log 4 \+ 2\*JSD/);
    expect(out.trim().split('\n').at(-1)).toMatch(
      /1\.00\s+2\.000\s+0\.500\s+0\.000000\s+-1\.386294/,
    );
  });
});
