import type { Options } from 'tsup';

/** Options shared by every Gantry package: ESM + CJS + `.d.ts`/`.d.cts`, sourcemaps, clean dist. */
export function gantryTsup(entry: Record<string, string> | string[], extra: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
    // Source-condition resolution is for tests and typecheck only; builds read sibling dist/.
    esbuildOptions(options) {
      options.conditions = [];
    },
    ...extra,
  };
}
