// The markdown report of `pnpm bench` (scripts/bench.mjs), from its results object: tables meant
// to be pasted into a note as they are.

const LABELS = {
  mlp: 'MLP GAN, batch 64',
  dcgan: 'DCGAN 28×28, batch 64',
  wgangp: 'WGAN-GP DCGAN, batch 64',
  'wgangp-ln': 'WGAN-GP DCGAN, layer-norm critic, batch 64',
};
const BACKENDS = {
  nativeblas: 'tfjs native, BLAS kernels only',
  wasm: 'tfjs wasm',
  cpu: 'tfjs cpu',
};

const fmt = (x) =>
  x === undefined || Number.isNaN(x)
    ? '–'
    : x >= 100
      ? x.toFixed(0)
      : x >= 10
        ? x.toFixed(1)
        : x.toFixed(2);
const reason = (r) => r?.skipped ?? r?.error ?? 'not run';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median over rounds of the per-round medians, their range, and the first failure if any. */
function stat(results, model, threads, side) {
  const runs = results.runs.filter(
    (r) => r.model === model && r.threads === threads && r.side === side,
  );
  const medians = runs.map((r) => r.median_ms).filter((x) => x !== undefined);
  return {
    median: median(medians),
    min: medians.length ? Math.min(...medians) : undefined,
    max: medians.length ? Math.max(...medians) : undefined,
    rounds: medians.length,
    steps: runs.find((r) => r.reps)?.reps,
    failure: medians.length ? undefined : reason(runs[0]),
    info: runs.find((r) => r.blas),
  };
}

const cell = (s) =>
  s.median === undefined
    ? s.failure
    : s.rounds > 1
      ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`
      : fmt(s.median);
const ratio = (a, b) => (a !== undefined && b !== undefined ? a / b : undefined);

function stepsTable(results, models, lines) {
  lines.push('| step | threads | PyTorch ms/step | tfjs native ms/step | native ÷ PyTorch |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const model of models) {
    for (const threads of results.threadCounts) {
      const t = stat(results, model, threads, 'torch');
      const n = stat(results, model, threads, 'native');
      const r = ratio(n.median, t.median);
      const verdict =
        r === undefined ? '–' : `**${r.toFixed(2)}×**${r <= 1 ? '' : ' (goal ≤ 1.0×)'}`;
      lines.push(
        `| ${LABELS[model] ?? model} | ${threads} | ${cell(t)} | ${cell(n)} | ${verdict} |`,
      );
    }
  }
}

function scalingTable(results, lines) {
  const [lo, hi] = [Math.min(...results.threadCounts), Math.max(...results.threadCounts)];
  if (lo === hi) return;
  lines.push(
    `## Scaling ${lo} → ${hi} threads (median ms/step; speed-up = ${lo}-thread ÷ ${hi}-thread)`,
  );
  lines.push('');
  lines.push(`| step | side | ${lo} thread(s) | ${hi} threads | speed-up |`);
  lines.push('| --- | --- | ---: | ---: | ---: |');
  const models = [...new Set(results.runs.map((r) => r.model))];
  for (const model of models) {
    for (const side of ['native', 'torch']) {
      const a = stat(results, model, lo, side).median;
      const b = stat(results, model, hi, side).median;
      const s = ratio(a, b);
      const goal = model === 'dcgan' && side === 'native' && hi === 2 ? ' (goal ≥ 1.7×)' : '';
      lines.push(
        `| ${LABELS[model] ?? model} | ${side === 'native' ? 'tfjs native' : 'PyTorch'} | ${fmt(a)} | ${fmt(b)} | ${s === undefined ? '–' : `${s.toFixed(2)}×${goal}`} |`,
      );
    }
  }
  lines.push('');
}

function layerNormTable(results, lines) {
  if (!results.runs.some((r) => r.model === 'wgangp-ln')) return;
  lines.push('## Layer norm in the WGAN-GP critic (median ms/step; goal ≤ 1.5× without)');
  lines.push('');
  lines.push('| threads | side | without norm | with layer norm | ratio |');
  lines.push('| ---: | --- | ---: | ---: | ---: |');
  for (const threads of results.threadCounts) {
    for (const side of ['native', 'torch']) {
      const a = stat(results, 'wgangp', threads, side).median;
      const b = stat(results, 'wgangp-ln', threads, side).median;
      const r = ratio(b, a);
      lines.push(
        `| ${threads} | ${side === 'native' ? 'tfjs native' : 'PyTorch'} | ${fmt(a)} | ${fmt(b)} | ${r === undefined ? '–' : `${r.toFixed(2)}×`} |`,
      );
    }
  }
  lines.push('');
}

function restTables(results, lines) {
  const extra = Object.entries(results.extra);
  if (extra.length) {
    lines.push('## Other tfjs backends (1 thread, one run; × = ÷ PyTorch at 1 thread)');
    lines.push('');
    lines.push('| step | backend | ms/step (median) | timed steps | × PyTorch |');
    lines.push('| --- | --- | ---: | ---: | ---: |');
    for (const [backend, byModel] of extra) {
      for (const [model, r] of Object.entries(byModel)) {
        const t = stat(results, model, 1, 'torch').median;
        const x = ratio(r?.median_ms, t);
        lines.push(
          `| ${LABELS[model] ?? model} | ${BACKENDS[backend] ?? backend} | ${r?.median_ms ? fmt(r.median_ms) : reason(r)} | ${r?.reps ?? '–'} | ${x === undefined ? '–' : x.toFixed(1)} |`,
        );
      }
    }
    lines.push('');
  }
  lines.push('## Memory over many steps (tfjs native)');
  lines.push('');
  lines.push(
    '| step | threads | steps | RSS start → after 10% → end (MB) | max RSS | numTensors start → end | flat |',
  );
  lines.push('| --- | ---: | ---: | --- | ---: | --- | --- |');
  for (const [model, m] of Object.entries(results.memory)) {
    if (!m || m.skipped || m.error) lines.push(`| ${model} | – | – | ${reason(m)} | | | |`);
    else
      lines.push(
        `| ${LABELS[model] ?? model} | ${m.threads ?? '–'} | ${m.steps} | ${m.rss_start_mb} → ${m.rss_settled_mb} → ${m.rss_end_mb} | ${m.rss_max_mb} | ${m.numTensors_start} → ${m.numTensors_end} | ${m.flat ? 'yes' : 'NO'} |`,
      );
  }
  lines.push('');
  lines.push('## Hooks');
  lines.push('');
  for (const [name, h] of Object.entries(results.hooks)) {
    if (h.rows) {
      lines.push(
        `- ${name}: ${h.rows.map((r) => `${r.label} ${fmt(r.value)} ${r.unit}`).join('; ')}${h.notes ? ` (${h.notes})` : ''}`,
      );
    } else lines.push(`- ${name}: ${reason(h)}`);
  }
  lines.push('');
}

/** The whole report as markdown. */
export function renderReport(results) {
  const { machine } = results;
  const models = [...new Set(results.runs.map((r) => r.model))];
  const info = results.runs.find((r) => r.side === 'native' && r.blas) ?? {};
  const blasEnv = Object.entries(machine.openblas_env)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const lines = ['# Gantry benchmark', ''];
  lines.push(
    `${results.date.slice(0, 10)} · ${machine.cpu} · ${machine.cores} cores · Node ${machine.node} · tfjs ${results.tfjs_version} · PyTorch ${results.torch_version ?? 'absent'} · native: ${info.blas ?? 'not loaded'}${info.isa ? `, ${info.isa} kernels` : ''} · both sides under ${blasEnv || 'no OPENBLAS_* settings'} · ${results.rounds} round(s)`,
  );
  lines.push('');
  lines.push(
    'One GAN step = one discriminator update + one generator update (see bench/_models.mjs). Each cell: median over rounds of the per-round median ms/step, (range of the round medians). Threads: GANTRY_NATIVE_THREADS = torch.set_num_threads = OPENBLAS/OMP/MKL_NUM_THREADS.',
  );
  lines.push('');
  lines.push('## GAN steps: tfjs native vs PyTorch CPU');
  lines.push('');
  stepsTable(results, models, lines);
  lines.push('');
  scalingTable(results, lines);
  layerNormTable(results, lines);
  restTables(results, lines);
  lines.push(`Whole run: ${results.seconds} s. Reproduce: \`${results.command}\`.`);
  return `${lines.join('\n')}\n`;
}
