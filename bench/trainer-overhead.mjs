#!/usr/bin/env node
// HOOK (item 4 of the benchmark), to be filled in once @gantry/trainer lands: time gantry's
// training loop against the bare tfjs loop of the same step (bench/_models.mjs makeGanStep is
// that bare loop; target: trainer overhead ≤ 5%).
//
// Contract with scripts/bench.mjs: print ONE JSON object on stdout, either
//   { "rows": [{ "label": "...", "value": 12.3, "unit": "ms/step" }, ...], "notes": "..." }
// or { "skipped": "why" }. Arguments: --threads T (matched with the other measurements).
process.stdout.write(
  `${JSON.stringify({ skipped: 'hook not implemented yet: bench/trainer-overhead.mjs (needs @gantry/trainer)' })}\n`,
);
