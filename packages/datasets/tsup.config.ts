import { defineConfig } from 'tsup';
import { gantryTsup } from '../../tsup.shared.ts';

// `#mnist-sample` (data/mnist-sample.js, through package.json `imports`) stays a separate file,
// loaded on demand by loadMnistSample, not bundled into every entry.
export default defineConfig(
  gantryTsup({ index: 'src/index.ts', node: 'src/node.ts' }, { external: ['#mnist-sample'] }),
);
