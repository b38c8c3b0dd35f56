/** Loaders of the `mnist` package's JSON files, one per digit: `{ data: number[] }` of 28×28 floats in [0, 1]. */
export declare const DIGIT_FILES: readonly (() => Promise<{
  default: { data: ArrayLike<number> };
}>)[];
