import { gantryProject } from '../../vitest.shared.ts';

export default gantryProject('tests', { testTimeout: 300_000, fileParallelism: false });
