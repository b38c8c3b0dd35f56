/**
 * The upper bounds of the training settings, checked by the config schema before anything is
 * loaded or allocated, so that a typo (`--batch-size 1e9`, `--steps 1e12`) is a usage error
 * naming the key and its limit instead of an allocation failure or an ETA of millions of hours.
 * Each bound sits well above what the study settings use; why each one is where it is:
 */
export const TRAIN_LIMITS = Object.freeze({
  /** 10 million generator steps: ~3 h at 1 ms per step (the fastest toy run), days on images. */
  steps: 10_000_000,
  /** 10,000 passes over the data (the slides' reference experiment runs 20). */
  epochs: 10_000,
  /** 65,536 samples per batch; image batches are bounded further by `MAX_BATCH_VALUES`. */
  batchSize: 65_536,
  /** 100 discriminator steps per generator step (Goodfellow used 1, WGAN 5). */
  k: 100,
  /** z of at most 4,096 dimensions (the study notes use 2 to 100, StyleGAN 512). */
  latentDim: 4_096,
  /** Hidden widths of at most 16,384 units, at most 16 layers (parameter budget below). */
  width: 16_384,
  layers: 16,
  /** Maxout pieces per unit (Goodfellow's MNIST discriminator uses 5). */
  maxoutPieces: 16,
  /** DCGAN base filters (Radford et al. use 64–128). */
  baseFilters: 1_024,
  /** Side of the images an image folder is resized to (1,024² RGB is 3 MiB per image). */
  imageSize: 1_024,
  /** Samples in a grid (the same bound as `gantry sample --n`). */
  sampleCount: 4_096,
  /** Every-N-steps settings and the log interval: at most the step limit. */
  every: 10_000_000,
  /** Checkpoints kept in the run folder. */
  keepCheckpoints: 1_000,
  /** A learning rate above 10 diverges in one step with every optimizer here. */
  lr: 10,
  /** The learning-rate decay factor per update (Goodfellow et al.'s MNIST config: 1.000004). */
  lrDecay: 10,
  /** Loss options: at most 16, each of magnitude at most 10⁶ (λ = 10, c = 0.01 in the papers). */
  lossOptions: 16,
  lossOptionValue: 1e6,
  /** Names and paths: PATH_MAX (4,096 bytes on Linux) for folders, 256 characters for names. */
  path: 4_096,
  name: 256,
  /**
   * Trainable parameters per network: 25 million float32 weights are 100 MB, about 400 MB with
   * the gradient and Adam's two moments (Goodfellow's maxout MLP has ~1.5 M, DCGAN 28×28 ~2 M).
   */
  parametersPerNetwork: 25_000_000,
  /**
   * Values one batch makes flow through both networks (batchSize × `ganSize`'s activations per
   * sample): 2²⁷ float32 values are 512 MiB per pass; backpropagation keeps a few times that.
   */
  batchValues: 2 ** 27,
});
