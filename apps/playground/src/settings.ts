import { NOISE_PRIORS } from '@gantry/core';
import { LOSS_NAMES } from '@gantry/losses';
import { OPTIMIZER_KINDS, type OptimizerKind } from '@gantry/trainer';

/** The toy distributions the playground offers: one 1-D (Goodfellow's Figure 1), four 2-D. */
export const DATA_CHOICES = ['gaussian1d', 'ring2d', 'grid2d', 'swissRoll2d', 'spiral2d'] as const;
export type DataChoice = (typeof DATA_CHOICES)[number];

/** Where tfjs runs: `auto` tries WebGPU (hardware adapters), then WebGL, then the CPU backend. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export type PriorChoice = (typeof NOISE_PRIORS)[number];

/** Everything that defines a training session; all of it round-trips through the URL. */
export interface Settings {
  data: DataChoice;
  /** A registry name of `@gantry/losses`. */
  loss: string;
  /** Discriminator steps per generator step (Algorithm 1's k). */
  k: number;
  optimizer: OptimizerKind;
  lrD: number;
  lrG: number;
  /** Dimension of z. */
  latentDim: number;
  prior: PriorChoice;
  /** Hidden units per layer, for G and D alike. */
  width: number;
  /** Hidden layers, for G and D alike. */
  depth: number;
  batchSize: number;
  seed: number;
  backend: BackendChoice;
}

/** Bounds the controls and the URL decoder enforce. */
export const LIMITS = {
  k: { min: 1, max: 10 },
  lr: { min: 1e-6, max: 1 },
  latentDim: { min: 1, max: 16 },
  width: { min: 2, max: 256 },
  depth: { min: 1, max: 4 },
  batchSize: { min: 8, max: 1024 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** True for the 1-D distribution (the Figure 1 view); false for the 2-D ones. */
export function isOneDimensional(data: DataChoice): boolean {
  return data === 'gaussian1d';
}

/**
 * Defaults for a data set, chosen by training runs on tfjs' CPU backend (README, "Defaults").
 * 1-D: z ∈ ℝ¹ drawn uniformly as in Figure 1 (so the z → x map can be drawn) and D learning 4×
 * faster than G, which keeps D near D* and p_g settling on p_data (JSD ≈ 0.02 nats after ~1,200
 * iterations) instead of oscillating; 2-D: z ∈ ℝ² from N(0, I), as in GAN Lab.
 *
 * @example
 * defaultSettings('ring2d').latentDim; // 2
 */
export function defaultSettings(data: DataChoice = 'gaussian1d'): Settings {
  const oneD = isOneDimensional(data);
  return {
    data,
    loss: 'non-saturating',
    k: 1,
    optimizer: 'adam',
    lrD: oneD ? 2e-3 : 1e-3,
    lrG: oneD ? 5e-4 : 1e-3,
    latentDim: oneD ? 1 : 2,
    prior: oneD ? 'uniform' : 'normal',
    width: 32,
    depth: 2,
    batchSize: 128,
    seed: 1,
    backend: 'auto',
  };
}

/**
 * The settings after the user picks another data set: the architecture and prior take the new
 * data set's defaults; the loss, k, optimizer, learning rates, seed and backend are kept.
 */
export function switchData(current: Settings, data: DataChoice): Settings {
  const { loss, k, optimizer, lrD, lrG, seed, backend } = current;
  const keepLr = isOneDimensional(current.data) === isOneDimensional(data);
  const next = defaultSettings(data);
  return {
    ...next,
    loss,
    k,
    optimizer,
    seed,
    backend,
    ...(keepLr ? { lrD, lrG } : {}),
  };
}

/** URL query keys, short and stable. */
const KEYS: Record<keyof Settings, string> = {
  data: 'data',
  loss: 'loss',
  k: 'k',
  optimizer: 'opt',
  lrD: 'lrD',
  lrG: 'lrG',
  latentDim: 'z',
  prior: 'prior',
  width: 'width',
  depth: 'depth',
  batchSize: 'batch',
  seed: 'seed',
  backend: 'backend',
};

/**
 * Settings as a URL query string (no leading `?`): `data` always, every other key only where it
 * differs from the data set's defaults, so a shared link stays short.
 *
 * @example
 * encodeSettings({ ...defaultSettings('ring2d'), k: 3 }); // 'data=ring2d&k=3'
 */
export function encodeSettings(settings: Settings): string {
  const defaults = defaultSettings(settings.data);
  const params = new URLSearchParams();
  params.set(KEYS.data, settings.data);
  for (const key of Object.keys(KEYS) as (keyof Settings)[]) {
    if (key === 'data' || settings[key] === defaults[key]) continue;
    params.set(KEYS[key], String(settings[key]));
  }
  return params.toString();
}

/** Decoded settings and a message for each value that was refused (its default was used). */
export interface DecodedSettings {
  settings: Settings;
  warnings: string[];
}

/**
 * Settings from a URL query string; a missing key takes the data set's default, a bad value
 * takes it too and adds a warning naming the key, the value and what was expected. Unknown keys
 * are ignored (the page may carry others, e.g. a test's).
 *
 * @example
 * decodeSettings('?data=grid2d&loss=hinge&k=2').settings.k; // 2
 */
export function decodeSettings(query: string): DecodedSettings {
  const params = new URLSearchParams(query);
  const warnings: string[] = [];
  const rawData = params.get(KEYS.data);
  let data: DataChoice = 'gaussian1d';
  if (rawData !== null) {
    if ((DATA_CHOICES as readonly string[]).includes(rawData)) data = rawData as DataChoice;
    else warnings.push(`data: "${rawData}" is not one of ${DATA_CHOICES.join(', ')}`);
  }
  const settings = defaultSettings(data);

  const choice = <T extends string>(key: keyof Settings, allowed: readonly T[]): T | undefined => {
    const raw = params.get(KEYS[key]);
    if (raw === null) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    warnings.push(`${KEYS[key]}: "${raw}" is not one of ${allowed.join(', ')}`);
    return undefined;
  };
  const number = (
    key: keyof Settings,
    { min, max }: { min: number; max: number },
    integer: boolean,
  ): number | undefined => {
    const raw = params.get(KEYS[key]);
    if (raw === null) return undefined;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (
      Number.isFinite(value) &&
      value >= min &&
      value <= max &&
      (!integer || Number.isInteger(value))
    )
      return value;
    warnings.push(
      `${KEYS[key]}: "${raw}" is not ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
    );
    return undefined;
  };

  const loss = choice('loss', LOSS_NAMES);
  const optimizer = choice('optimizer', OPTIMIZER_KINDS);
  const prior = choice('prior', NOISE_PRIORS);
  const backend = choice('backend', BACKEND_CHOICES);
  const k = number('k', LIMITS.k, true);
  const lrD = number('lrD', LIMITS.lr, false);
  const lrG = number('lrG', LIMITS.lr, false);
  const latentDim = number('latentDim', LIMITS.latentDim, true);
  const width = number('width', LIMITS.width, true);
  const depth = number('depth', LIMITS.depth, true);
  const batchSize = number('batchSize', LIMITS.batchSize, true);
  const seed = number('seed', LIMITS.seed, true);
  return {
    settings: {
      ...settings,
      ...(loss !== undefined && { loss }),
      ...(optimizer !== undefined && { optimizer }),
      ...(prior !== undefined && { prior }),
      ...(backend !== undefined && { backend }),
      ...(k !== undefined && { k }),
      ...(lrD !== undefined && { lrD }),
      ...(lrG !== undefined && { lrG }),
      ...(latentDim !== undefined && { latentDim }),
      ...(width !== undefined && { width }),
      ...(depth !== undefined && { depth }),
      ...(batchSize !== undefined && { batchSize }),
      ...(seed !== undefined && { seed }),
    },
    warnings,
  };
}
