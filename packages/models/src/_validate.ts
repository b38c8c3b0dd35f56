import { ModelError } from './errors';

/** Throws unless every entry of `values` is a positive integer. */
export function checkPositiveInts(values: readonly number[], option: string): void {
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v <= 0) {
      throw new ModelError(
        'E_BAD_MODEL_OPTION',
        `${option}[${i}] must be a positive integer, got ${v}`,
        { option, index: i },
      );
    }
  });
}

/** Throws unless `value` lies in [min, max). */
export function checkRange(value: number, option: string, min: number, max: number): void {
  if (!(value >= min && value < max)) {
    throw new ModelError(
      'E_BAD_MODEL_OPTION',
      `${option} must be in [${min}, ${max}), got ${value}`,
      {
        option,
      },
    );
  }
}
