/**
 * The log-density of the Gaussian kernel estimate p̂(y) = (1/M)·Σ_i N(y; c_i, h²I) of the M
 * centres `centres` (M·dim values, row-major), as a function of y; with `skip` = i it is the
 * leave-one-out estimate (1/(M − 1))·Σ_{j≠i}, for scoring a centre itself without its own
 * kernel. Summed in log space, so it stays finite far from every centre.
 *
 * @example
 * const logP = gaussianKde(Float64Array.of(0, 1), 1, 0.5);
 * logP([0.5]); // log of the mean of N(0.5; 0, ¼) and N(0.5; 1, ¼)
 */
export function gaussianKde(
  centres: ArrayLike<number>,
  dim: number,
  h: number,
): (y: ArrayLike<number>, skip?: number) => number {
  const m = Math.floor(centres.length / dim);
  const logKernelNorm = dim * Math.log(h * Math.sqrt(2 * Math.PI));
  const inv2h2 = 1 / (2 * h * h);
  const exps = new Float64Array(m);
  return (y, skip) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      let d2 = 0;
      for (let j = 0; j < dim; j++)
        d2 += ((y[j] as number) - (centres[i * dim + j] as number)) ** 2;
      const e = i === skip ? Number.NEGATIVE_INFINITY : -d2 * inv2h2;
      exps[i] = e;
      if (e > max) max = e;
    }
    let sum = 0;
    for (let i = 0; i < m; i++) sum += Math.exp((exps[i] as number) - max);
    const count = skip !== undefined && skip >= 0 && skip < m ? m - 1 : m;
    return max + Math.log(sum) - Math.log(count) - logKernelNorm;
  };
}
