import { defineConfig } from 'tsup';
import { gantryTsup } from '../../tsup.shared.ts';

const shared = gantryTsup({ index: 'src/index.ts', node: 'src/node.ts' });

export default defineConfig({
  ...shared,
  // tsup's Rollup tree-shaking pass rewrites `with` to the `assert` form that Node 22 removed;
  // esbuild's own bundling already drops unused code.
  treeshake: false,
  esbuildOptions(options, context) {
    shared.esbuildOptions?.(options, context);
    // Keep `with { type: 'json' }` on the `mnist` digit imports: Node needs it to load JSON
    // modules, and esbuild drops it for targets older than it knows to support it.
    options.supported = { ...options.supported, 'import-attributes': true };
  },
});
