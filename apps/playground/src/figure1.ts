import { jsDivergence, linspace, virtualTrainingCriterion } from '@gantry/core';

/**
 * Cell masses over a grid as a probability vector with one more entry, last, for the mass
 * outside the grid: negatives clamp to 0; outside = max(0, 1 − Σ), and when Σ > 1 (rounding)
 * the cells are rescaled to sum to 1.
 *
 * @example
 * withOutsideBin([0.25, 0.5]); // [0.25, 0.5, 0.25]
 */
export function withOutsideBin(cells: ArrayLike<number>): number[] {
  // Negative rounding noise and non-finite values (a diverged generator) count as no mass.
  const out = Array.from(cells, (v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const sum = out.reduce((a, b) => a + b, 0);
  if (sum > 1) return [...out.map((v) => v / sum), 0];
  out.push(1 - sum);
  const total = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / total);
}

/** Grid of the 1-D view: `cells` equal cells over [lo, hi]. */
export interface Grid1d {
  edges: number[];
  centres: number[];
  width: number;
}

/** `cells` equal cells over [lo, hi]: edges (cells + 1) and centres. */
export function grid1d(lo: number, hi: number, cells: number): Grid1d {
  const edges = linspace(lo, hi, cells + 1);
  const width = (hi - lo) / cells;
  const centres = edges.slice(0, -1).map((e) => e + width / 2);
  return { edges, centres, width };
}

/** What the theory says about the current generator, on the grid of the 1-D view. */
export interface Figure1Theory {
  /** p_data's cell masses, outside-the-grid bin last; a probability vector. */
  pData: number[];
  /** p̂_g's cell masses (kernel estimate), outside bin last. */
  pG: number[];
  /** JSD(p_data ‖ p̂_g) of the discretised distributions, in nats (≤ log 2). */
  jsd: number;
  /** C(G) = max_D V(D, G) = −log 4 + 2·JSD, from the same discretisation. */
  criterion: number;
  /** Mass of p_data and of p̂_g outside the grid. */
  outside: { data: number; g: number };
}

/**
 * JSD and C(G) between p_data and the generator's kernel estimate, from their masses on the
 * grid's cells (each with an outside bin added, so both are probability vectors on the same
 * support). Binning can only merge mass, so these are lower bounds on the continuous JSD
 * (data-processing inequality), tight as the cells shrink; C(G) = −log 4 + 2·JSD exactly.
 *
 * @example
 * figure1Theory([0.5, 0.5], [0.5, 0.5]).criterion; // −log 4
 */
export function figure1Theory(
  dataCells: ArrayLike<number>,
  generatorCells: ArrayLike<number>,
): Figure1Theory {
  if (dataCells.length !== generatorCells.length) {
    throw new RangeError(
      `figure1Theory: ${dataCells.length} data cells but ${generatorCells.length} generator cells`,
    );
  }
  const pData = withOutsideBin(dataCells);
  const pG = withOutsideBin(generatorCells);
  return {
    pData,
    pG,
    jsd: jsDivergence(pData, pG),
    criterion: virtualTrainingCriterion(pData, pG),
    outside: { data: pData.at(-1) as number, g: pG.at(-1) as number },
  };
}
