import { defineConfig } from 'tsup';
import { gantryTsup } from '../../tsup.shared.ts';

export default defineConfig(gantryTsup({ bin: 'src/bin.ts' }, { format: ['esm'], dts: false }));
