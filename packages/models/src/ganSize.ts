import type { GanSpec } from './buildGan';
import { ModelError } from './errors';

/** What a GAN of a {@link GanSpec} holds, computed without building it (no tensor allocated). */
export interface GanSize {
  /** Trainable parameters of each network, as `buildGan` would count them. */
  parameters: { generator: number; discriminator: number };
  /**
   * Values one sample makes flow through both networks: the data sample, z, and the output of
   * every dense or convolution layer (G forward and D forward); a batch of B samples holds about
   * B times this many floats per pass (activation layers and gradients hold more).
   */
  activationsPerSample: number;
}

const prod = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A chain of dense layers with bias: Σ (inᵢ·outᵢ + outᵢ), with each output's size. */
function denseChain(widths: readonly number[]): { params: number; outputs: number } {
  let params = 0;
  let outputs = 0;
  for (let i = 1; i < widths.length; i++) {
    const [a, b] = [widths[i - 1] as number, widths[i] as number];
    params += a * b + b;
    outputs += b;
  }
  return { params, outputs };
}

/** The MLP discriminator: dense(units·pieces) per maxout layer (or dense(units)), then dense(1). */
function mlpDiscriminatorSize(input: number, hidden: readonly number[], pieces: number) {
  let params = 0;
  let outputs = 0;
  let from = input;
  for (const units of hidden) {
    const width = units * Math.max(1, pieces);
    params += from * width + width;
    outputs += width;
    from = units;
  }
  return { params: params + from + 1, outputs: outputs + 1 };
}

/** Σ k²·in·out (+ out with bias) over 5×5 convolutions of filter counts `chain`. */
function convChain(chain: readonly number[], bias: boolean[]): number {
  let params = 0;
  for (let i = 1; i < chain.length; i++) {
    const [a, b] = [chain[i - 1] as number, chain[i] as number];
    params += 25 * a * b + (bias[i - 1] ? b : 0);
  }
  return params;
}

/** DCGAN sizes for 28×28×1 (maps 7, 14, 28) or 32×32×3 (maps 4, 8, 16, 32). */
function dcganSize(spec: GanSpec): GanSize {
  const key = spec.dataShape.join('x');
  const f = spec.baseFilters ?? 64;
  const z = spec.latentDim;
  const small = key === '28x28x1';
  if (!small && key !== '32x32x3') {
    throw new ModelError(
      'E_BAD_MODEL_OPTION',
      `dcgan supports image shapes 28x28x1, 32x32x3 (HxWxC); got ${key}`,
      { option: 'shape', value: key },
    );
  }
  const channels = small ? 1 : 3;
  // Generator: project (no bias) + BN, transposed convs (no bias) + BN, output conv with bias.
  const gFilters = small ? [2 * f, f] : [4 * f, 2 * f, f];
  const start = small ? 7 : 4;
  const maps = gFilters.map((c, i) => (start * 2 ** i) ** 2 * c);
  const project = start * start * (gFilters[0] as number);
  const gBn = 2 * project + gFilters.slice(1).reduce((n, c) => n + 2 * c, 0);
  const gChain = [...gFilters, channels];
  const generator =
    z * project +
    gBn +
    convChain(
      gChain,
      gChain.slice(1).map((_, i) => i === gChain.length - 2),
    );
  // Discriminator: convs with bias, a norm after all but the first, dense(1) on the flat map.
  const dFilters = small ? [f, 2 * f] : [f, 2 * f, 4 * f];
  const side = (i: number) => (small ? 28 : 32) / 2 ** (i + 1);
  const dMaps = dFilters.map((c, i) => side(i) ** 2 * c);
  const norm = spec.normalization ?? 'batch';
  const dNorm = dFilters
    .slice(1)
    .reduce(
      (n, c, i) =>
        n + (norm === 'batch' ? 2 * c : norm === 'layer' ? 2 * (dMaps[i + 1] as number) : 0),
      0,
    );
  const flat = dMaps.at(-1) as number;
  const discriminator =
    convChain(
      [channels, ...dFilters],
      dFilters.map(() => true),
    ) +
    dNorm +
    flat +
    1;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    parameters: { generator, discriminator },
    activationsPerSample: z + sum(maps) + 2 * prod(spec.dataShape) + sum(dMaps) + 1,
  };
}

/**
 * The size of the GAN {@link buildGan} would build for `spec` (same defaults), from the layer
 * shapes alone: dense layers in·out + out, 5×5 convolutions 25·in·out (+ out with bias), batch
 * or layer norm 2 per normalised value. Lets a caller refuse a configuration that cannot fit in
 * memory before any weight is allocated.
 *
 * @example
 * ganSize({ model: 'mlp', dataShape: [28, 28, 1], latentDim: 64, generatorHidden: [256], seed: 0 });
 */
export function ganSize(spec: GanSpec): GanSize {
  const sample = prod(spec.dataShape);
  const z = spec.latentDim;
  if (spec.model === 'dcgan') return dcganSize(spec);
  const toy = spec.model === 'toy-mlp';
  const gHidden = spec.generatorHidden ?? (toy ? [128, 128] : [1200, 1200]);
  const dHidden = spec.discriminatorHidden ?? (toy ? [128, 128] : [240, 240]);
  const pieces = toy ? 0 : (spec.maxoutPieces ?? 5);
  const g = denseChain([z, ...gHidden, sample]);
  const d = mlpDiscriminatorSize(sample, dHidden, pieces);
  return {
    parameters: { generator: g.params, discriminator: d.params },
    activationsPerSample: z + g.outputs + sample + d.outputs,
  };
}
