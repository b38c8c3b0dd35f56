import { useCpuBackend } from '@gantry/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchmarkBatchStream } from './bench';
import { createImageSet } from './imageSet';
import { ring2d } from './ring2d';

describe('benchmarkBatchStream', () => {
  beforeAll(useCpuBackend);

  it('reports a positive throughput and no leak, for images and toys', () => {
    const set = createImageSet({
      name: 'zeros',
      images: new Uint8Array(1000 * 784),
      count: 1000,
      height: 28,
      width: 28,
      channels: 1,
    });
    const r = benchmarkBatchStream(set, { batchSize: 64, seed: 1, batches: 40, warmup: 2 });
    expect(r.batches).toBe(40);
    expect(r.batchesPerSecond).toBeGreaterThan(0);
    expect(r.samplesPerSecond).toBeCloseTo(r.batchesPerSecond * 64, 6);
    expect(r.msPerBatch).toBeCloseTo(1000 / r.batchesPerSecond, 6);
    expect(r.tensorGrowth).toBe(0);
    expect(benchmarkBatchStream(ring2d(), { batchSize: 64, seed: 1, batches: 10 }).source).toBe(
      'ring2d',
    );
  });
});
