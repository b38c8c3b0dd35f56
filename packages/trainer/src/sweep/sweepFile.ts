import { z } from 'zod';
import { parseTrainConfig, type TrainConfigInput, trainConfigSchema } from '../config';
import { TrainerError } from '../errors';

/** The grid key whose values are named partial configs rather than values of one key. */
export const VARIANT_KEY = 'variant';

/** The keys of a sweep file. */
const SWEEP_FILE_KEYS = ['name', 'base', 'grid'] as const;

/** A grid: a train config key → the values to try, or `variant` → name → partial config. */
export type SweepGrid = Record<string, readonly unknown[] | Record<string, TrainConfigInput>>;

/** A sweep file, validated: a name, the settings every job shares, and the grid. */
export interface SweepFile {
  name?: string;
  /** Train config keys every job shares (any key of a train config but `out`). */
  base: TrainConfigInput;
  /** The jobs are the product of the grid's lists, first key slowest. */
  grid: SweepGrid;
}

/** One job of a sweep: its id (also its run folder's name) and its config (without `out`). */
export interface SweepJobSpec {
  /** Stable and readable, e.g. `loss=lsgan,seed=3`: `key=value` per grid key, a variant's name. */
  id: string;
  config: TrainConfigInput;
}

const CONFIG_KEYS = Object.keys(trainConfigSchema.shape) as (keyof TrainConfigInput)[];

function bad(where: string, message: string, option: string): never {
  throw new TrainerError('E_BAD_SWEEP', `${where}: ${message}`, { option, where });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `base:` (or one variant): a train config without `out` (the sweep names the run folders). */
function parsePartialConfig(value: unknown, where: string, key: string): TrainConfigInput {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) bad(where, `"${key}" must be a mapping of train config keys`, key);
  if ('out' in value) {
    bad(where, `"${key}.out": each job's run folder is DIR/<job id>; remove "out"`, `${key}.out`);
  }
  try {
    return parseTrainConfig(value, `${where}: ${key}`);
  } catch (error) {
    const message = (error as Error).message;
    throw new TrainerError('E_BAD_SWEEP', message, { option: key, where }, error);
  }
}

/** The values of one grid key, each checked against that key's schema. */
function parseGridValues(key: string, value: unknown, where: string): unknown[] {
  if (!(CONFIG_KEYS as string[]).includes(key) || key === 'out') {
    const allowed = [...CONFIG_KEYS.filter((k) => k !== 'out'), VARIANT_KEY].join(', ');
    bad(where, `unknown grid key "grid.${key}"; allowed keys: ${allowed}`, `grid.${key}`);
  }
  if (!Array.isArray(value) || value.length === 0) {
    bad(where, `"grid.${key}" must be a non-empty list of values`, `grid.${key}`);
  }
  const schema = trainConfigSchema.shape[key as keyof typeof trainConfigSchema.shape];
  return value.map((v, i) => {
    const parsed = schema.safeParse(v);
    if (!parsed.success || parsed.data === undefined) {
      const why = parsed.success ? 'no value' : (parsed.error.issues[0]?.message ?? 'invalid');
      bad(where, `"grid.${key}[${i}]": ${why} (got ${JSON.stringify(v)})`, `grid.${key}`);
    }
    return parsed.data;
  });
}

/** `grid.variant`: name → partial config. */
function parseVariants(value: unknown, where: string): Record<string, TrainConfigInput> {
  if (!isMapping(value) || Object.keys(value).length === 0) {
    bad(where, `"grid.${VARIANT_KEY}" must map variant names to train config keys`, 'grid');
  }
  return Object.fromEntries(
    Object.entries(value).map(([name, config]) => [
      name,
      parsePartialConfig(config, where, `grid.${VARIANT_KEY}.${name}`),
    ]),
  );
}

/**
 * Validates a sweep file (parsed YAML or JSON): `name`, `base` (train config keys every job
 * shares) and `grid` (a train config key → a list of values; or `variant` → name → partial
 * config). Unknown keys and bad values are `E_BAD_SWEEP` usage errors naming `where` and the key.
 *
 * @example
 * parseSweepFile({ base: { data: 'ring2d' }, grid: { loss: ['non-saturating', 'lsgan'], seed: [3, 4] } });
 */
export function parseSweepFile(value: unknown, where = 'sweep'): SweepFile {
  if (!isMapping(value)) bad(where, 'expected a mapping with "base" and "grid"', '(root)');
  const unknown = Object.keys(value).filter(
    (k) => !(SWEEP_FILE_KEYS as readonly string[]).includes(k),
  );
  if (unknown.length > 0) {
    bad(
      where,
      `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; allowed keys: ${SWEEP_FILE_KEYS.join(', ')}`,
      unknown[0] as string,
    );
  }
  const name = z.string().min(1).optional().safeParse(value['name']);
  if (!name.success) bad(where, '"name" must be a non-empty string', 'name');
  const base = parsePartialConfig(value['base'], where, 'base');
  const rawGrid = value['grid'] ?? {};
  if (!isMapping(rawGrid)) bad(where, '"grid" must be a mapping of key → list of values', 'grid');
  const grid: SweepGrid = {};
  for (const [key, values] of Object.entries(rawGrid)) {
    grid[key] =
      key === VARIANT_KEY ? parseVariants(values, where) : parseGridValues(key, values, where);
  }
  return { ...(name.data !== undefined ? { name: name.data } : {}), base, grid };
}

/** A grid value as it appears in a job id: numbers and strings as written, lists joined by `x`. */
function idValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(idValue).join('x');
  if (isMapping(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}${idValue(v)}`)
      .join('+');
  }
  return String(value);
}

/**
 * A job id safe as a folder name and a queue job id on every platform: letters, digits and
 * `. _ - = , +` kept, anything else `_`; no leading dot.
 */
export function sanitizeJobId(id: string): string {
  const clean = id
    .replace(/[^A-Za-z0-9._=,+-]/g, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return clean === '' ? '_' : clean;
}

/** One dimension of the product: its choices, each an id part and the keys it sets. */
function dimension(
  key: string,
  values: SweepGrid[string],
): { part: string; set: TrainConfigInput }[] {
  if (key === VARIANT_KEY) {
    return Object.entries(values as Record<string, TrainConfigInput>).map(([name, set]) => ({
      part: name,
      set,
    }));
  }
  return (values as readonly unknown[]).map((v) => ({
    part: `${key}=${idValue(v)}`,
    set: { [key]: v } as TrainConfigInput,
  }));
}

/**
 * The jobs of a sweep: the product of the grid's lists (first key slowest), each with a stable,
 * readable id (`loss=lsgan,seed=3`; a variant contributes its name; no grid: `base`) and its
 * config (`base`, then the variant, then the grid values). Two jobs with the same id (after
 * {@link sanitizeJobId}) are an `E_BAD_SWEEP` error.
 *
 * @example
 * expandSweep(parseSweepFile({ grid: { loss: ['lsgan'], seed: [3, 4] } })).map((j) => j.id);
 * // ['loss=lsgan,seed=3', 'loss=lsgan,seed=4']
 */
export function expandSweep(sweep: SweepFile): SweepJobSpec[] {
  let jobs: { parts: string[]; config: TrainConfigInput }[] = [{ parts: [], config: sweep.base }];
  for (const [key, values] of Object.entries(sweep.grid)) {
    const choices = dimension(key, values);
    jobs = jobs.flatMap((job) =>
      choices.map((c) => ({ parts: [...job.parts, c.part], config: { ...job.config, ...c.set } })),
    );
  }
  const seen = new Set<string>();
  return jobs.map(({ parts, config }) => {
    const id = sanitizeJobId(parts.length > 0 ? parts.join(',') : 'base');
    if (seen.has(id))
      bad('grid', `two jobs have the id "${id}"; make the grid values distinct`, 'grid');
    seen.add(id);
    return { id, config };
  });
}
