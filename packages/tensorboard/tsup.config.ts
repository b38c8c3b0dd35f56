import { defineConfig } from 'tsup';
import { gantryTsup } from '../../tsup.shared.ts';

export default defineConfig(gantryTsup({ index: 'src/index.ts', node: 'src/node.ts' }));
