import { gantryProject } from '../../vitest.shared.ts';

export default gantryProject('datasets', {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'fuzz/**/*.test.ts'],
});
