import type { Rng } from '@gantry/core';
import { checkCount } from './_options';
import type { ToyDistribution } from './toyDistribution';

/**
 * An equal-weight mixture of isotropic Gaussians N(μ_k, σ²I) in `dim` dimensions:
 * p(x) = (1/K) Σ_k (2πσ²)^(−d/2) exp(−‖x − μ_k‖² / (2σ²)).
 */
export function gaussianMixture(spec: {
  name: string;
  dim: 1 | 2;
  centres: readonly (readonly number[])[];
  std: number;
  options: Record<string, number>;
}): ToyDistribution {
  const { name, dim, std } = spec;
  const centres = Object.freeze(spec.centres.map((c) => Object.freeze([...c])));
  const k = centres.length;
  const logNorm = -0.5 * dim * Math.log(2 * Math.PI * std * std) - Math.log(k);
  const logDensity = (point: ArrayLike<number>): number => {
    const terms = centres.map((c) => {
      let d2 = 0;
      for (let j = 0; j < dim; j++) {
        const d = (point[j] as number) - (c[j] as number);
        d2 += d * d;
      }
      return -d2 / (2 * std * std);
    });
    const max = Math.max(...terms);
    let sum = 0;
    for (const t of terms) sum += Math.exp(t - max);
    return logNorm + max + Math.log(sum);
  };
  return Object.freeze({
    name,
    dim,
    modes: centres,
    modeStd: std,
    options: Object.freeze({ ...spec.options }),
    sample(rng: Rng, n: number): Float32Array {
      checkCount(`${name}.sample`, n);
      const out = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const c = centres[k === 1 ? 0 : rng.int(k)] as readonly number[];
        for (let j = 0; j < dim; j++) out[i * dim + j] = (c[j] as number) + std * rng.normal();
      }
      return out;
    },
    logDensity,
    density: (point: ArrayLike<number>) => Math.exp(logDensity(point)),
  });
}
