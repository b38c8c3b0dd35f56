import * as tf from '@tensorflow/tfjs-core';
import { type BatchStreamOptions, createBatchStream } from './batchStream';
import type { ImageSet } from './imageSet';
import type { ToyDistribution } from './toyDistribution';

/** Options of {@link benchmarkBatchStream}: the stream's options plus the run length. */
export interface BenchmarkBatchStreamOptions extends BatchStreamOptions {
  /** Timed batches, default 500. */
  batches?: number;
  /** Untimed batches first, default 20. */
  warmup?: number;
}

/** Result of {@link benchmarkBatchStream}. */
export interface BatchStreamBenchmark {
  source: string;
  batchSize: number;
  batches: number;
  seconds: number;
  batchesPerSecond: number;
  samplesPerSecond: number;
  msPerBatch: number;
  /** `tf.memory().numTensors` growth over the run (0: nothing leaked). */
  tensorGrowth: number;
}

/**
 * Times a batch stream on the active tfjs backend: batches per second of `next()` (gather,
 * normalise, make the tensor) followed by `dispose()`; the shuffle of each new epoch is included.
 *
 * @example
 * const r = benchmarkBatchStream(await loadMnistSample(), { batchSize: 64, seed: 1 });
 * console.log(`${r.batchesPerSecond.toFixed(0)} batches/s`);
 */
export function benchmarkBatchStream(
  source: ImageSet | ToyDistribution,
  opts: BenchmarkBatchStreamOptions,
): BatchStreamBenchmark {
  const { batches = 500, warmup = 20, ...streamOpts } = opts;
  const stream = createBatchStream(source, streamOpts);
  for (let i = 0; i < warmup; i++) stream.next().dispose();
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  for (let i = 0; i < batches; i++) stream.next().dispose();
  const seconds = (performance.now() - t0) / 1000;
  return {
    source: source.name,
    batchSize: stream.batchSize,
    batches,
    seconds,
    batchesPerSecond: batches / seconds,
    samplesPerSecond: (batches * stream.batchSize) / seconds,
    msPerBatch: (1000 * seconds) / batches,
    tensorGrowth: tf.memory().numTensors - before,
  };
}
