/** A row-major n×d matrix of features (one sample per row), e.g. a classifier's activations. */
export interface FeatureMatrix {
  readonly data: Float32Array | Float64Array;
  /** Number of rows (samples). */
  readonly n: number;
  /** Number of columns (feature dimensions). */
  readonly d: number;
}
