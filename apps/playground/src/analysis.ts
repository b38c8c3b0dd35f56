import {
  type ModeMetrics,
  modeMetrics,
  type TheoryDiagnostics,
  theoryDiagnostics,
} from '@gantry/eval';
import { gridPoints2d } from './bounds';
import { type Figure1Theory, figure1Theory, type Grid1d, grid1d } from './figure1';
import { densityCellMasses, kdeCellMasses, silvermanBandwidth } from './kde';
import type { LoadedGenerator } from './loadedGenerator';
import { type OptimalOutput, optimalOutputFor } from './optimalOutput';
import { readValues } from './readout';
import type { PlaygroundSession } from './session';

/** Cells of the 1-D view's grid. */
export const CELLS_1D = 240;
/** Cells per side of the 2-D heat map. */
export const CELLS_2D = 48;

/** Mean of the drawn D values on the fixed real samples and on the fixed generated ones. */
export interface DMeans {
  real: number;
  fake: number;
}

/** Everything the 1-D (Figure 1) view draws for one frame. */
export interface Frame1d {
  grid: Grid1d;
  /** p_data(x) at the cell centres (cell mass / width). */
  dataDensity: Float64Array;
  /** p̂_g(x), the Gaussian kernel estimate of G's samples, at the cell centres. */
  generatorDensity: Float64Array;
  /** Kernel width h of p̂_g (Silverman's rule, at least one cell). */
  bandwidth: number;
  /** The learned D at the cell centres, as the loss reads it. */
  d: Float64Array;
  /** The free-D optimum for the current p̂_g at the cell centres; null where none exists. */
  optimum: OptimalOutput | null;
  /** JSD and C(G) of p_data against p̂_g. */
  theory: Figure1Theory;
  /** V(D, G) of the learned D, by Monte Carlo on the view samples (log losses only). */
  value: TheoryDiagnostics | null;
  means: DMeans;
  /** G's samples (the fixed view noise), for the rug under the axis. */
  generated: Float32Array;
  /** z → G(z) for evenly spaced z, when z is 1-D: Figure 1's lower panel. */
  mapping: { z: Float32Array; x: Float32Array; range: [number, number] } | null;
  /** A generator loaded from a `gantry train` run: its kernel density estimate and JSD. */
  loaded: { name: string; density: Float64Array; jsd: number } | null;
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return values.length ? s / values.length : Number.NaN;
}

/** Evenly spaced z in the prior's bulk: U[−1, 1) itself, or [−2.5, 2.5] for N(0, 1). */
export function mappingNoise(prior: 'normal' | 'uniform', count: number): Float32Array {
  const [lo, hi] = prior === 'uniform' ? [-1, 1] : [-2.5, 2.5];
  return Float32Array.from({ length: count }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / count);
}

/**
 * The Figure 1 frame: p_data, the kernel estimate of p_g, the learned D and the optimum on one
 * grid, with JSD, C(G) and (for log losses) V(D, G).
 */
export function analyse1d(
  session: PlaygroundSession,
  loadedGenerator: LoadedGenerator | null = null,
): Frame1d {
  const [lo, hi] = [session.bounds.lo[0] as number, session.bounds.hi[0] as number];
  const grid = grid1d(lo, hi, CELLS_1D);
  const density = session.distribution.density;
  if (!density) throw new Error(`${session.distribution.name} has no density to draw`);
  const dataCells = densityCellMasses((x) => density([x]), grid.edges);
  const generated = session.generatedSamples();
  const bandwidth = silvermanBandwidth(generated, grid.width);
  const generatorCells = kdeCellMasses(generated, grid.edges, bandwidth);
  const theory = figure1Theory(dataCells, generatorCells);
  const raw = session.discriminatorAt(Float32Array.from(grid.centres));
  const d = readValues(session.readout, raw);
  const optimum = optimalOutputFor(session.loss, theory.pData, theory.pG);
  if (optimum) optimum.values.pop(); // the outside-the-grid bin is not drawn
  const realRaw = session.discriminatorOnReal();
  const fakeRaw = session.discriminatorAt(generated);
  const value =
    session.loss.name === 'minimax' || session.loss.name === 'non-saturating'
      ? theoryDiagnostics(realRaw, fakeRaw)
      : null;
  let mapping: Frame1d['mapping'] = null;
  if (session.settings.latentDim === 1) {
    const z = mappingNoise(session.settings.prior, 33);
    mapping = {
      z,
      x: session.generateFrom(z),
      range: session.settings.prior === 'uniform' ? [-1, 1] : [-2.5, 2.5],
    };
  }
  let loaded: Frame1d['loaded'] = null;
  if (loadedGenerator && loadedGenerator.dim === 1) {
    const h = silvermanBandwidth(loadedGenerator.samples, grid.width);
    const cells = kdeCellMasses(loadedGenerator.samples, grid.edges, h);
    loaded = {
      name: loadedGenerator.name,
      density: cells.map((m) => m / grid.width),
      jsd: figure1Theory(dataCells, cells).jsd,
    };
  }
  return {
    loaded,
    grid,
    dataDensity: dataCells.map((m) => m / grid.width),
    generatorDensity: generatorCells.map((m) => m / grid.width),
    bandwidth,
    d,
    optimum,
    theory,
    value,
    means: {
      real: mean(readValues(session.readout, realRaw)),
      fake: mean(readValues(session.readout, fakeRaw)),
    },
    generated,
    mapping,
  };
}

/** Everything the 2-D view draws for one frame. */
export interface Frame2d {
  /** Cells per side of the heat map. */
  cells: number;
  /** D at the cell centres (row-major from the top row), as the loss reads it. */
  d: Float64Array;
  real: Float32Array;
  generated: Float32Array;
  /** −∇ₓ L_G at each generated point (n·2 values): where the next G update pushes it. */
  directions: Float32Array;
  /** Mode coverage (VEEGAN/PacGAN protocol) where the data has mode centres. */
  modes: ModeMetrics | null;
  means: DMeans;
  /** A generator loaded from a `gantry train` run: its samples and their mode coverage. */
  loaded: { name: string; samples: Float32Array; modes: ModeMetrics | null } | null;
}

/** Generated points that get a gradient arrow (the first ones of the fixed view noise). */
export const ARROW_POINTS = 300;

/** The 2-D frame: D's heat map, real and generated points, G's gradient arrows, mode coverage. */
export function analyse2d(
  session: PlaygroundSession,
  loadedGenerator: LoadedGenerator | null = null,
): Frame2d {
  const points = gridPoints2d(session.bounds, CELLS_2D);
  const d = readValues(session.readout, session.discriminatorAt(points));
  const generated = session.generatedSamples();
  const directions = session.generatorDirections(generated.subarray(0, 2 * ARROW_POINTS));
  const { modes, modeStd } = session.distribution;
  const realRaw = session.discriminatorOnReal();
  const fakeRaw = session.discriminatorAt(generated);
  const coverage = (points: Float32Array) =>
    modes && modeStd ? modeMetrics(points, 2, { modes, std: modeStd }) : null;
  return {
    loaded:
      loadedGenerator && loadedGenerator.dim === 2
        ? {
            name: loadedGenerator.name,
            samples: loadedGenerator.samples,
            modes: coverage(loadedGenerator.samples),
          }
        : null,
    cells: CELLS_2D,
    d,
    real: session.realSamples,
    generated,
    directions,
    modes: coverage(generated),
    means: {
      real: mean(readValues(session.readout, realRaw)),
      fake: mean(readValues(session.readout, fakeRaw)),
    },
  };
}
