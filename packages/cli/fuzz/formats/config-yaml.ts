// `--config FILE.yaml`: mutated YAML configs through `gantry train`'s planning (see configCase.ts).
import type { FuzzFormat } from '../../../datasets/fuzz/format';
import { configFormat } from '../configCase';

const format: FuzzFormat = configFormat('yaml');
export default format;
