import { defineConfig } from 'tsup';
import { gantryTsup } from '../../tsup.shared.ts';

// `shims` gives the CJS build an `import.meta.url`, which locates the compiled addon.
export default defineConfig(gantryTsup({ index: 'src/index.ts' }, { shims: true }));
