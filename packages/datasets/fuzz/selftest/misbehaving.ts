// A format that misbehaves on purpose, one way per case index mod 8, to check that the harness
// sees each kind of failure (fuzz.test.ts). Not in formats/: never part of a real run.
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DatasetError } from '../../src/errors';
import { defineFormat } from '../format';

const KINDS = ['ok', 'typed', 'untyped', 'unnamed', 'wrong', 'hang', 'abort', 'runaway'] as const;

export default defineFormat({
  async prepare(_rng, dir) {
    const target = join(dir, 'input.bin');
    await writeFile(target, 'x');
    const index = Number(basename(dir).replace('case-', '')); // the harness's case-<i> folder
    return { target, names: [target], data: KINDS[index % KINDS.length] };
  },
  async run(c) {
    switch (c.data as (typeof KINDS)[number]) {
      case 'ok':
        return undefined;
      case 'typed':
        throw new DatasetError('E_FORMAT', `${c.target}: bad`, { file: c.target });
      case 'untyped':
        throw new RangeError('Invalid typed array length: 2198956147200');
      case 'unnamed':
        throw new DatasetError('E_FORMAT', 'something is wrong somewhere');
      case 'wrong':
        return 'the result is wrong';
      case 'hang':
        return new Promise(() => setInterval(() => {}, 1000));
      case 'abort':
        process.abort();
        return undefined;
      case 'runaway': {
        const big = new Uint8Array(160 * 2 ** 20);
        big.fill(1); // touched: resident
        return big[0] === 1 ? undefined : 'unreachable';
      }
    }
  },
});
