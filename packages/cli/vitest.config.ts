import { gantryProject } from '../../vitest.shared.ts';

export default gantryProject('cli', { include: ['src/**/*.test.ts', 'fuzz/**/*.test.ts'] });
