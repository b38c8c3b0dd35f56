// Trains a toy GAN at the CLI's resolved defaults plus given overrides, in process (the same
// resolveTrainConfig + createTrainer that `gantry train` uses, on the native backend with one
// thread), and prints one markdown row per seed: PacGAN's mode count and the high-quality
// fraction on 2,500 samples (as `gantry eval` scores 2-D mixtures), or mean/std for 1-D data,
// and the seconds of training (the step loop alone, wall and CPU).
//   node bench/experiments/toy-modes.mjs --data grid2d --seeds 1,2,3 [--eval-every N] [key=value ...]
// --eval-every N also scores G every N steps (rows `seed @ step`; the times exclude nothing).
// --raw also scores the raw G where there is an EMA (the rows' `raw` columns; the EMA's first).
// Values are JSON (`generatorHidden=[256,256]`, `prior="uniform"`, or bare `prior=uniform`).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..');
const dist = (pkg) => import(pathToFileURL(resolve(root, 'packages', pkg, 'dist/index.js')).href);
const [core, datasets, trainer, evalPkg, native, tf] = await Promise.all([
  dist('core'),
  dist('datasets'),
  dist('trainer'),
  dist('eval'),
  dist('backend-native'),
  import(
    createRequire(resolve(root, 'packages/trainer/package.json')).resolve('@tensorflow/tfjs-core')
  ),
]);

function parseArgs(argv) {
  const out = {
    data: 'ring2d',
    seeds: [1, 2, 3],
    overrides: {},
    samples: 2500,
    evalEvery: 0,
    raw: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') out.data = argv[++i];
    else if (a === '--seeds') out.seeds = argv[++i].split(',').map(Number);
    else if (a === '--samples') out.samples = Number(argv[++i]);
    else if (a === '--eval-every') out.evalEvery = Number(argv[++i]);
    else if (a === '--raw') out.raw = true;
    else if (a.includes('=')) {
      const [k, v] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      try {
        out.overrides[k] = JSON.parse(v);
      } catch {
        out.overrides[k] = v;
      }
    } else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

function moments(v) {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length) };
}

async function runSeed(args, seed) {
  const config = trainer.resolveTrainConfig({ data: args.data, seed, ...args.overrides });
  const toy = datasets.getToyDistribution(config.data);
  const built = trainer.createTrainer(config, { kind: 'toy', source: toy, sampleShape: [toy.dim] });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let wall = 0;
  let cpuUsed = 0;
  for (let i = 1; i <= config.steps; i++) {
    built.trainer.step();
    if (i === config.steps || (args.evalEvery > 0 && i % args.evalEvery === 0)) {
      const cpu = process.cpuUsage(c0);
      wall = (performance.now() - t0) / 1000;
      cpuUsed = (cpu.user + cpu.system) / 1e6;
      if (i < config.steps) {
        const r = await scoreAll(args, toy, built.trainer, config);
        console.log(`|   ${seed} @ ${i} | ${r} | ${wall.toFixed(1)} | ${cpuUsed.toFixed(1)} |`);
      }
    }
  }
  const metric = await scoreAll(args, toy, built.trainer, config);
  built.dispose();
  return { seed, wall, cpu: cpuUsed, metric };
}

/** The score of G as `generate` gives it (its EMA when there is one), then with --raw the raw G's. */
async function scoreAll(args, toy, t, config) {
  const main = score(toy, await samplePoints(t, config, args.samples));
  if (!args.raw || !t.ema) return main;
  return `${main} | ${score(toy, await samplePoints(t, config, args.samples, true))}`;
}

/** 2,500 samples of G (its EMA when there is one, unless `raw`), z from the config's prior, seed 0. */
async function samplePoints(t, config, n, raw = false) {
  const z = core.sampleNoise(core.createRng(0), core.parsePrior(config.prior), n, config.latentDim);
  const x = raw ? tf.tidy(() => t.generator.predict(z)) : t.generate(z);
  const points = await x.data();
  tf.dispose([z, x]);
  return points;
}

/** `modes | high-quality %` for 2-D mixtures, `mean | std` for 1-D data. */
function score(toy, points) {
  if (toy.modes && toy.dim > 1) {
    const m = evalPkg.modeMetrics(points, toy.dim, { modes: toy.modes, std: toy.modeStd });
    return `${m.modesPacGan}/${m.numModes} | ${(100 * m.highQualityFraction).toFixed(1)}`;
  }
  const f = moments(points);
  return `${f.mean.toFixed(3)} | ${f.std.toFixed(3)}`;
}

const args = parseArgs(process.argv.slice(2));
const name = await native.registerNativeBackend({ threads: 1 });
await tf.setBackend(name);
await tf.ready();
console.log(`# ${args.data} ${JSON.stringify(args.overrides)} (${tf.getBackend()})`);
for (const seed of args.seeds) {
  const r = await runSeed(args, seed);
  console.log(`| ${seed} | ${r.metric} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} |`);
}
