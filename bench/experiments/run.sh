#!/usr/bin/env bash
# The runs behind bench/experiments/data/toy-modes.md, one at a time, each on one core
# (GANTRY_NATIVE_THREADS=1; niced, for a shared machine). Build first:
#   pnpm exec turbo run build --output-logs=errors-only
# Usage: bench/experiments/run.sh [gaussian1d|grid|ring|wgan-gp|cli]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
R=(env GANTRY_NATIVE_THREADS=1 nice -n 19 node bench/experiments/toy-modes.mjs)
what=${1:-all}

if [[ $what == all || $what == gaussian1d ]]; then
  # Before (the old toy base) and after (the defaults of today) on the 1-D Gaussian N(2, 0.5²).
  "${R[@]}" --data gaussian1d --seeds 1,2,3 lrD=1e-3 lrG=1e-3 ema=0 batchSize=128
  "${R[@]}" --data gaussian1d --seeds 1,2,3 lrD=1e-3 lrG=1e-3 ema=0 batchSize=128 steps=5000
  "${R[@]}" --data gaussian1d --seeds 1,2,3,4,5
fi
if [[ $what == all || $what == grid ]]; then
  # The defaults (Adam 1.5e-3 decaying by 1.000063 per update), scored every 2,000 steps up to
  # 20,000 (the lengths we chose among; the default is 16,000).
  "${R[@]}" --data grid2d --seeds 1,2,3,4,5 --eval-every 2000 steps=20000
  # The previous defaults (constant Adam 1e-3, to 24,000): seed 4 loses modes after 12,000.
  "${R[@]}" --data grid2d --seeds 1,2,3,4,5 --eval-every 2000 lrD=1e-3 lrG=1e-3 lrDecay=1 steps=24000
fi
if [[ $what == all || $what == ring ]]; then
  "${R[@]}" --data ring2d --seeds 1,2,3,4,5 --eval-every 2000
fi
if [[ $what == all || $what == wgan-gp ]]; then
  # WGAN-GP at its paper's settings (k 5, Adam 1e-4, β (0, 0.9), λ 10) on the ring's defaults.
  P=(--data ring2d --seeds 1 --eval-every 1000 loss=wasserstein-gp ema=0.999)
  "${R[@]}" "${P[@]}" steps=5000 'lossOptions={"lambda":10}'
  # The cause (λ) and the EMA, 3,000 steps, the EMA G and the raw G of each run (toy-modes.md).
  "${R[@]}" "${P[@]}" --raw steps=3000 'lossOptions={"lambda":10}'
  "${R[@]}" "${P[@]}" --raw steps=3000 'lossOptions={"lambda":10}' prior=normal
  "${R[@]}" "${P[@]}" --raw steps=3000 'lossOptions={"lambda":1}'
  "${R[@]}" "${P[@]}" --raw steps=3000 'lossOptions={"lambda":0.1}'
  "${R[@]}" "${P[@]}" --raw steps=3000 'lossOptions={"lambda":0.1}' beta1=0.5
  "${R[@]}" "${P[@]}" --raw steps=3000 'lossOptions={"lambda":1}' --seeds 2,3
  # Its defaults on the ring (λ 0.1, no EMA, 3,000 steps), seeds 1–3.
  "${R[@]}" --data ring2d --seeds 1,2,3 --eval-every 1000 loss=wasserstein-gp
fi
if [[ $what == all || $what == cli ]]; then
  # The real CLI, as a user runs it: nothing but --data and --seed.
  for data in ring2d grid2d; do
    out=$(mktemp -d)
    /usr/bin/time -f "$data seed 1: %e s wall, %U s user" env GANTRY_NATIVE_THREADS=1 \
      nice -n 19 node packages/cli/dist/bin.js train --data "$data" --seed 1 --out "$out/run" >/dev/null
    node packages/cli/dist/bin.js eval --run "$out/run" --metric modes
    rm -rf "$out"
  done
fi
