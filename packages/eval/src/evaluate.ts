import { createRng, type NoisePrior, parsePrior, sampleNoise } from '@gantry/core';
import { type DatasetEntry, findDataset, getToyDistribution } from '@gantry/datasets';
import { getLoss } from '@gantry/losses';
import { openRun, writeEvalReport as writeRunEvalReport } from '@gantry/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { MetricError } from './errors';
import { loadEvalSplits } from './evalData';
import { readsDAsProbability } from './metrics/diagnostics';
import type { EvalProgress, EvalReport, EvaluateOptions } from './report';
import { pickMetrics, scoreSubject } from './scoreSubject';

/** The generator's samples for seed `seed`, in batches, as one Float32Array. */
async function generate(
  generator: tfl.LayersModel,
  z: { prior: NoisePrior; latentDim: number; n: number; seed: number },
  onProgress?: (p: EvalProgress) => void,
): Promise<{ samples: Float32Array; shape: number[] }> {
  const rng = createRng(`eval:${z.seed}`);
  const { n } = z;
  const batch = 500;
  let out: Float32Array | undefined;
  let shape: number[] = [];
  for (let start = 0; start < n; start += batch) {
    const size = Math.min(batch, n - start);
    const noise = sampleNoise(rng, z.prior, size, z.latentDim);
    const x = tf.tidy(() => generator.predict(noise) as tf.Tensor);
    try {
      const values = (await x.data()) as Float32Array;
      const per = values.length / size;
      if (!out) {
        out = new Float32Array(n * per);
        shape = [n, ...x.shape.slice(1)];
      }
      out.set(values, start * per);
    } finally {
      tf.dispose([noise, x]);
    }
    onProgress?.({ stage: 'generate', done: start + size, total: n });
  }
  return { samples: out ?? new Float32Array(0), shape };
}

/**
 * Samples scored by default: 2,500 for the 2-D mixtures (the count of PacGAN's and VEEGAN's
 * mode tables, so their mode counts compare), 10,000 otherwise.
 */
export function defaultEvalSamples(dataset: DatasetEntry): number {
  if (dataset.kind !== 'toy') return 10_000;
  const toy = getToyDistribution(dataset.name);
  return toy.dim === 2 && toy.modes !== undefined ? 2500 : 10_000;
}

function checkN(n: number): void {
  if (!Number.isInteger(n) || n < 2) {
    throw new MetricError('E_INVALID_ARGUMENT', `n must be an integer ≥ 2, got ${n}`, {
      option: 'n',
      value: n,
    });
  }
}

/**
 * Scores the generator of a run folder written by `gantry train`: draws `n` samples (seeded)
 * and computes the requested metrics against the run's data; diagnostics use the latest
 * checkpoint's discriminator.
 *
 * @example
 * const report = await evaluateRun('runs/mnist', { metrics: ['fid', 'score'], n: 2000 });
 */
export async function evaluateRun(run: string, options: EvaluateOptions = {}): Promise<EvalReport> {
  const started = performance.now();
  const folder = await openRun(run);
  const { config } = folder;
  const n = options.n ?? defaultEvalSamples(findDataset(config.data));
  checkN(n);
  const loss = getLoss(config.loss, config.lossOptions);
  const dataset = findDataset(config.data);
  const toy = dataset.kind === 'toy' ? { toy: getToyDistribution(dataset.name) } : {};
  let discriminator: tfl.LayersModel | undefined;
  let generator: tfl.LayersModel | undefined;
  try {
    const all = options.metrics === undefined || options.metrics === 'all';
    // Only a D read as a probability is used: do not load one that would go unused.
    if (all ? readsDAsProbability(loss) : options.metrics?.includes('diagnostics')) {
      discriminator = await folder.loadDiscriminator();
      if (!discriminator && !all) {
        throw new MetricError(
          'E_DATA',
          `--metric diagnostics: ${run} has no checkpoint with a discriminator`,
          { option: 'metrics', run },
        );
      }
    }
    const heldOut = dataset.kind === 'toy' ? {} : { heldOut: config.holdOut === true };
    const about = { kind: 'generator' as const, dataset, ...toy, ...heldOut, loss };
    const withD = discriminator ? { discriminator } : {};
    // A metric asked for that does not apply is an error before any sample is drawn.
    pickMetrics({ ...about, ...withD, samples: new Float32Array(0), shape: [] }, options.metrics);
    generator = (await folder.loadGenerator()).model;
    const z = {
      prior: parsePrior(config.prior),
      latentDim: config.latentDim,
      n,
      seed: options.seed ?? 0,
    };
    const { samples, shape } = await generate(generator, z, options.onProgress);
    const dataDir = options.dataDir ?? config.dataDir;
    const report = await scoreSubject(
      { ...about, ...withD, samples, shape },
      { ...options, ...(dataDir ? { dataDir } : {}) },
      started,
    );
    return { ...report, run: folder.dir };
  } finally {
    generator?.dispose();
    discriminator?.dispose();
  }
}

/**
 * The real-data reference row: scores `n` real images (or toy samples) in place of a generator,
 * against the same reference sets, so generated numbers can be read (real-vs-real FID, the
 * real images' own Parzen score, …).
 *
 * @example
 * const ref = await evaluateReal('fashion-mnist', { metrics: ['fid', 'parzen'], n: 10000 });
 */
export async function evaluateReal(
  data: string,
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const started = performance.now();
  const dataset = findDataset(data);
  const n = options.n ?? defaultEvalSamples(dataset);
  checkN(n);
  const seed = options.seed ?? 0;
  if (dataset.kind === 'toy') {
    const toy = getToyDistribution(dataset.name);
    const samples = toy.sample(createRng(`eval:stand-in:${seed}`), n);
    const subject = { kind: 'real' as const, dataset, toy, samples, shape: [n, toy.dim] };
    return scoreSubject(subject, options, started);
  }
  const splits = await loadEvalSplits(dataset.name, options.dataDir);
  const count = Math.min(n, splits.train.count);
  const order = createRng(`eval:stand-in:${seed}`).permutation(splits.train.count);
  const { height: h, width: w, channels: c } = splits.train;
  const size = h * w * c;
  const samples = new Float32Array(count * size);
  for (let j = 0; j < count; j++) {
    const i = order[j] as number;
    for (let p = 0; p < size; p++)
      samples[j * size + p] = (splits.train.images[i * size + p] as number) / 127.5 - 1;
  }
  const subject = { kind: 'real' as const, dataset, samples, shape: [count, h, w, c], splits };
  return scoreSubject(subject, options, started);
}

/** Writes `report` as `<dir>/eval.json` atomically and returns the path. */
export function writeEvalReport(dir: string, report: EvalReport): Promise<string> {
  return writeRunEvalReport(dir, report);
}
