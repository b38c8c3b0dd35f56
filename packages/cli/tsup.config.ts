import { defineConfig } from 'tsup';
import { gantryTsup } from '../../tsup.shared.ts';

// citty is ESM-only: bundle it so the CJS build loads on every Node ≥ 20.
export default defineConfig(
  gantryTsup(
    { index: 'src/index.ts', bin: 'src/bin.ts', help: 'src/help.ts' },
    { noExternal: ['citty'] },
  ),
);
