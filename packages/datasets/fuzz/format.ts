import type { Rng } from '@gantry/core';

/** One generated input: what the loader is given, and what its errors must name. */
export interface FuzzCase {
  /** The file or folder handed to the loader. */
  target: string;
  /** Strings of which a typed error's message must contain at least one (file names, paths). */
  names: readonly string[];
  /** Whatever `run` needs to check a success (reference values, options). */
  data?: unknown;
}

/**
 * A format the fuzz harness knows: one file in a `fuzz/formats/` folder whose default export is
 * this object; the file's name is the format's name. `prepare` writes case files (seeded only by `rng`) into an empty folder; `run`
 * loads them with the code under test and resolves to `undefined` when the result is right, to
 * a sentence when a success is wrong, or throws whatever the loader throws.
 */
export interface FuzzFormat {
  prepare(rng: Rng, dir: string): Promise<FuzzCase> | FuzzCase;
  run(c: FuzzCase): Promise<string | undefined>;
}

/** Identity, for type checking a format file's default export. */
export function defineFormat(format: FuzzFormat): FuzzFormat {
  return format;
}
