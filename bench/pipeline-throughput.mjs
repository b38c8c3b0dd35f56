#!/usr/bin/env node
// Item 5 of the benchmark: batches per second of @gantry/datasets' pipeline (shuffle, gather,
// normalise to [−1, 1], make the tensor) on the real data, against the GAN step rate measured
// in the same run: the data must never be the bottleneck (ratio ≫ 1).
//
// Contract with scripts/bench.mjs: prints ONE JSON object on stdout,
//   { "rows": [{ "label", "value", "unit" }...], "notes" } or { "skipped": "why" }.
// Usage: node bench/pipeline-throughput.mjs [--step-rate R] [--batches 500]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTfjs, repoRoot } from './_tfjs.mjs';

const { values: args } = parseArgs({
  options: {
    'step-rate': { type: 'string', default: '0' },
    threads: { type: 'string', default: '1' },
    batches: { type: 'string', default: '500' },
  },
});
const done = (o) => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
  process.exit(0);
};
const datasets = resolve(repoRoot, 'packages/datasets/dist');
if (!existsSync(resolve(datasets, 'node.js'))) {
  done({ skipped: 'packages/datasets is not built (pnpm build)' });
}

try {
  await loadTfjs('native');
  const { benchmarkBatchStream, loadMnistSample } = await import(
    pathToFileURL(resolve(datasets, 'index.js')).href
  );
  const { loadFashionMnist } = await import(pathToFileURL(resolve(datasets, 'node.js')).href);
  const sources = [['MNIST sample (10,000 embedded digits)', await loadMnistSample()]];
  let fashionNote = '';
  try {
    sources.push([
      'Fashion-MNIST train (60,000, Debian IDX files)',
      (await loadFashionMnist()).train,
    ]);
  } catch (error) {
    fashionNote = `; Fashion-MNIST skipped: ${String(error?.message ?? error).split('\n')[0]}`;
  }
  const stepRate = Number(args['step-rate']);
  const rows = [];
  for (const [label, source] of sources) {
    const r = benchmarkBatchStream(source, {
      batchSize: 64,
      seed: 1,
      batches: Number(args.batches),
    });
    if (r.tensorGrowth !== 0) throw new Error(`${label}: ${r.tensorGrowth} tensors leaked`);
    rows.push({
      label: `${label}, batch 64`,
      value: Math.round(r.batchesPerSecond),
      unit: 'batches/s',
    });
    if (stepRate > 0) {
      rows.push({
        label: `${label}: pipeline rate / native MLP step rate`,
        value: Math.round(r.batchesPerSecond / stepRate),
        unit: '×',
      });
    }
  }
  done({
    rows,
    notes: `native backend; ${args.batches} timed batches after 20 untimed${stepRate > 0 ? `; step rate ${stepRate}/s` : ''}${fashionNote}`,
  });
} catch (error) {
  done({ error: String(error?.message ?? error).split('\n')[0] });
}
