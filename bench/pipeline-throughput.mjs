#!/usr/bin/env node
// HOOK (item 5 of the benchmark), to be filled in once @gantry/datasets lands: batches per
// second of the data pipeline (load, shuffle, batch, normalise) against the GAN step rate.
//
// Contract with scripts/bench.mjs: print ONE JSON object on stdout, either
//   { "rows": [{ "label": "...", "value": 1234, "unit": "batches/s" }, ...], "notes": "..." }
// or { "skipped": "why" }. Arguments: --step-rate R (native MLP steps/s measured in this run,
// for comparison), --threads T.
process.stdout.write(
  `${JSON.stringify({ skipped: 'hook not implemented yet: bench/pipeline-throughput.mjs (needs @gantry/datasets)' })}\n`,
);
