import { gantryProject } from '../../vitest.shared.ts';

export default gantryProject('report');
