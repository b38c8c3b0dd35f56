// Seeded training settings for the config and flag fuzz formats: a small valid config (what the
// study configs look like), mutations of its keys and values (edges of every bound, wrong
// types, snake_case and misspelt keys), and the check of a success against the limits.
import type { Rng } from '@gantry/core';
import { DATA_NAMES, TRAIN_LIMITS, type TrainConfig } from '@gantry/trainer';
import { pick } from '../../datasets/fuzz/mutate';

const L = TRAIN_LIMITS;

/** A valid value of each setting, small enough for the memory budget. */
const VALID: Record<string, (rng: Rng) => unknown> = {
  data: (rng) => pick(rng, [...DATA_NAMES, 'MNIST', 'Ring2D']),
  model: (rng) => pick(rng, ['mlp', 'dcgan', 'toy-mlp']),
  loss: (rng) => pick(rng, ['non-saturating', 'minimax', 'wasserstein', 'lsgan', 'hinge']),
  steps: (rng) => 1 + rng.int(5000),
  epochs: (rng) => 1 + rng.int(20),
  batchSize: (rng) => 1 + rng.int(256),
  k: (rng) => 1 + rng.int(5),
  latentDim: (rng) => 1 + rng.int(128),
  prior: (rng) => pick(rng, ['normal', 'uniform']),
  optimizer: (rng) => pick(rng, ['sgd', 'adam', 'rmsprop']),
  lrD: (rng) => pick(rng, [1e-4, 2e-4, 1e-3, 0.05, 0.1]),
  lrG: (rng) => pick(rng, [1e-4, 2e-4, 1e-3, 0.05, 0.1]),
  beta1: (rng) => pick(rng, [0, 0.5, 0.9]),
  momentum: (rng) => pick(rng, [0, 0.5, 0.9]),
  ema: (rng) => pick(rng, [0, 0.99, 0.999]),
  generatorHidden: (rng) => Array.from({ length: 1 + rng.int(3) }, () => 8 + rng.int(256)),
  discriminatorHidden: (rng) => Array.from({ length: 1 + rng.int(3) }, () => 8 + rng.int(256)),
  maxoutPieces: (rng) => rng.int(6),
  dropout: (rng) => pick(rng, [0, 0.2, 0.5]),
  seed: (rng) => rng.int(1000),
  backend: (rng) => pick(rng, ['auto', 'cpu', 'wasm']),
  out: (rng) => `runs/fuzz-${rng.int(100)}`,
  sampleEvery: (rng) => rng.int(1000),
  checkpointEvery: (rng) => rng.int(1000),
  sampleCount: (rng) => 1 + rng.int(64),
  keepCheckpoints: (rng) => 1 + rng.int(10),
  imageSize: (rng) => pick(rng, [8, 16, 28, 32]),
  channels: (rng) => pick(rng, [1, 3]),
  lossOptions: (rng) => pick(rng, [{}, { a: -1, b: 1, c: 0 }, { lambda: 10 }]),
};

/** The setting names the generators know. */
export const SETTING_KEYS = Object.keys(VALID);

/** Values at and around the edges of the bounds, wrong types and absurd sizes. */
const EDGES: readonly unknown[] = [
  0,
  -0,
  -1,
  0.5,
  1.5,
  1e9,
  1e12,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  L.steps,
  L.steps + 1,
  L.batchSize,
  L.batchSize + 1,
  L.latentDim + 1,
  L.width + 1,
  L.lr,
  L.lr * 1.0001,
  '12',
  '',
  'x'.repeat(5000),
  true,
  null,
  [],
  {},
  [1_000_000_000],
  [1, 2, 3],
  { a: 1 },
  Array.from({ length: 40 }, () => 16),
];

/** A small valid config: 2–8 settings with valid values. */
export function validSettings(rng: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0, n = 2 + rng.int(7); i < n; i++) {
    const key = pick(rng, SETTING_KEYS);
    out[key] = (VALID[key] as (rng: Rng) => unknown)(rng);
  }
  return out;
}

/** A key spelt wrongly: snake_case, kebab-case, upper case, a letter dropped or swapped. */
export function misspell(rng: Rng, key: string): string {
  const way = rng.int(5);
  if (way === 0) return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (way === 1) return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (way === 2) return key.toUpperCase();
  if (key.length < 2) return `${key}${key}`;
  const at = rng.int(key.length - 1);
  if (way === 3) return key.slice(0, at) + key.slice(at + 1);
  return key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2);
}

/** Applies 1–3 mutations to a copy of `settings`: edge values, misspelt or unknown keys. */
export function mutateSettings(rng: Rng, settings: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...settings };
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
    const keys = Object.keys(out);
    const key = keys.length > 0 && rng.int(4) > 0 ? pick(rng, keys) : pick(rng, SETTING_KEYS);
    const way = rng.int(6);
    if (way <= 2) {
      out[key] = pick(rng, EDGES);
    } else if (way === 3) {
      const value = out[key];
      delete out[key];
      out[misspell(rng, key)] = value;
    } else if (way === 4) {
      out[pick(rng, ['lerningRate', 'stpes', 'foo', '__proto__', 'constructor'])] = 1;
    } else {
      const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      out[key] = [...list, pick(rng, EDGES)];
    }
  }
  return out;
}

/**
 * Why a resolved config that was accepted is wrong (each setting given as a number kept as
 * given, every bound respected), or undefined when it is right.
 */
export function checkAccepted(
  given: Record<string, unknown>,
  config: TrainConfig,
): string | undefined {
  const c = config as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (typeof value === 'number' && key in c && c[key] !== value) {
      return `${key}: ${value} became ${String(c[key])}`;
    }
  }
  const bounds: [keyof TrainConfig, number][] = [
    ['steps', L.steps],
    ['epochs', L.epochs],
    ['batchSize', L.batchSize],
    ['k', L.k],
    ['latentDim', L.latentDim],
    ['lrD', L.lr],
    ['lrG', L.lr],
    ['sampleCount', L.sampleCount],
    ['sampleEvery', L.every],
    ['checkpointEvery', L.every],
    ['keepCheckpoints', L.keepCheckpoints],
  ];
  for (const [key, max] of bounds) {
    const v = config[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v <= max)) {
      return `${key} = ${String(v)} accepted beyond its limit ${max}`;
    }
  }
  for (const widths of [config.generatorHidden, config.discriminatorHidden]) {
    if (widths && (widths.length > L.layers || widths.some((w) => !(w >= 1 && w <= L.width)))) {
      return `hidden widths [${widths.join(', ')}] accepted beyond the limits`;
    }
  }
  return undefined;
}
