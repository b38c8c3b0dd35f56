import { createRng } from '@gantry/core';
import { gaussian1d, ring2d, spiral2d } from '@gantry/datasets';
import { describe, expect, it } from 'vitest';
import { theoryDiagnostics } from './diagnostics';
import { optimalDiscriminatorCheck } from './optimalD';

const N = 3000;
const data = gaussian1d(); // N(2, 0.5²)
const real = data.sample(createRng('optimalD:real'), N);
const normalPdf = (x: number, mu: number, s: number) =>
  Math.exp(-((x - mu) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));

/** JSD(N(2, 0.5²) ‖ N(μ, 0.5²)) by the midpoint rule on [−3, 8], step 1e-4. */
function exactJsd(mu: number): number {
  let jsd = 0;
  const dx = 1e-4;
  for (let x = -3 + dx / 2; x < 8; x += dx) {
    const p = normalPdf(x, 2, 0.5);
    const q = normalPdf(x, mu, 0.5);
    const m = (p + q) / 2;
    if (p > 0) jsd += 0.5 * p * Math.log(p / m) * dx;
    if (q > 0) jsd += 0.5 * q * Math.log(q / m) * dx;
  }
  return jsd;
}

const flat = (n: number) => new Float32Array(n); // logit 0: D = ½ everywhere
/** The logits of the exact D* = p/(p + q) of N(2, 0.5²) against N(μ, 0.5²), at `points`. */
const optimalLogits = (points: Float32Array, mu: number) =>
  Float32Array.from(points, (x) => Math.log(normalPdf(x, 2, 0.5) / normalPdf(x, mu, 0.5)));

describe('optimalDiscriminatorCheck on the 1-D Gaussian', () => {
  const shifted = gaussian1d({ mean: 2.5 }).sample(createRng('optimalD:fake'), N);
  const jsd = exactJsd(2.5);
  /** The check of D's logits on the fixed real sample and on `fake`, against N(2, 0.5²). */
  const checkD = (
    fake: Float32Array,
    realLogits: Float32Array,
    fakeLogits: Float32Array,
    labelSmoothing = 0,
  ) =>
    optimalDiscriminatorCheck({
      toy: data,
      realPoints: real,
      fakePoints: fake,
      realLogits,
      fakeLogits,
      labelSmoothing,
    });

  it('flags a flat D against a generator 1σ off: the bound reads 0, D* reads the JSD', () => {
    expect(jsd).toBeGreaterThan(0.05); // ≈ 0.06: the separation is measurable
    const check = checkD(shifted, flat(N), flat(N));
    expect(check.far).toBe(true);
    expect(check.meanAbsGap).toBeGreaterThan(0.1);
    expect(Math.abs(check.jsdAtOptimum - jsd)).toBeLessThan(0.012);
    expect(check.slack).toBeCloseTo(check.jsdAtOptimum, 10); // V(D = ½) = −log 4 exactly
    // The flat D's own diagnostics read "converged": this is what the check is for.
    expect(theoryDiagnostics(flat(N), flat(N)).jsdEstimate).toBeCloseTo(0, 12);
  });

  it('passes the exact D*: small gap, no slack, and its bound equals the JSD', () => {
    const realLogits = optimalLogits(real, 2.5);
    const fakeLogits = optimalLogits(shifted, 2.5);
    const check = checkD(shifted, realLogits, fakeLogits);
    expect(check.far).toBe(false);
    expect(check.meanAbsGap).toBeLessThan(0.04);
    expect(Math.abs(check.slack)).toBeLessThan(0.012);
    expect(Math.abs(theoryDiagnostics(realLogits, fakeLogits).jsdEstimate - jsd)).toBeLessThan(
      0.012,
    );
  });

  it('passes a flat D when the generator is the data: D* is ½ too', () => {
    const same = data.sample(createRng('optimalD:same'), N);
    const check = checkD(same, flat(N), flat(N));
    expect(check.far).toBe(false);
    expect(check.meanAbsGap).toBeLessThan(0.04);
    expect(Math.abs(check.jsdAtOptimum)).toBeLessThan(0.01);
  });

  it('accounts for label smoothing: the optimum is (1 − ε)·D*, and V tends to log(1 − ε²) − log 4', () => {
    const eps = 0.2;
    const same = data.sample(createRng('optimalD:same'), N);
    const logit = Math.log(0.4 / 0.6); // D = (1 − ε)/2
    const smoothed = new Float32Array(N).fill(logit);
    const check = checkD(same, smoothed, smoothed, eps);
    expect(check.far).toBe(false);
    expect(check.meanAbsGap).toBeLessThan(0.04);
    const d = theoryDiagnostics(smoothed, smoothed, { labelSmoothing: eps });
    expect(d.valueAtEquilibrium).toBeCloseTo(Math.log(1 - eps * eps) - Math.log(4), 12);
    expect(d.value).toBeCloseTo(d.valueAtEquilibrium, 6);
    expect(d.jsdEstimate).toBeLessThan(0); // log(1 − ε²)/2: not a sign that the bound failed
    // Without ε the same D would be read as 0.1 away from D* = ½ everywhere.
    const unsmoothed = checkD(same, smoothed, smoothed);
    expect(unsmoothed.meanAbsGap).toBeGreaterThan(0.08);
    expect(unsmoothed.far).toBe(true); // V(D) is 0.02 nats below V(D* = ½): flagged
    expect(check.slack).toBeLessThan(0.005); // against its own optimum (1 − ε)/2: no slack
  });
});

describe('optimalDiscriminatorCheck on the 2-D ring', () => {
  const ring = ring2d();
  const n = 2500;
  const realRing = ring.sample(createRng('optimalD:ring'), n);

  it('flags a flat D against a generator collapsed on one mode, not against the data itself', () => {
    const collapsed = new Float32Array(2 * n);
    const rng = createRng('optimalD:collapse');
    const [mx, my] = (ring.modes as readonly (readonly number[])[])[0] as readonly number[];
    const s = ring.modeStd as number;
    for (let i = 0; i < n; i++) {
      collapsed[2 * i] = (mx as number) + s * rng.normal();
      collapsed[2 * i + 1] = (my as number) + s * rng.normal();
    }
    const common = { toy: ring, realPoints: realRing, realLogits: flat(n), fakeLogits: flat(n) };
    const bad = optimalDiscriminatorCheck({ ...common, fakePoints: collapsed });
    expect(bad.far).toBe(true);
    // Exact, for modes that do not overlap: p_data = p_g/8 on the mode G keeps, so
    // JSD = ½[(1/8)·log((1/8)/(9/16)) + (7/8)·log 2] + ½·log(1/(9/16)) ≈ 0.497 nats.
    const exact = 0.5 * ((1 / 8) * Math.log(2 / 9) + (7 / 8) * Math.LN2) + 0.5 * Math.log(16 / 9);
    expect(Math.abs(bad.jsdAtOptimum - exact)).toBeLessThan(0.03);
    const good = optimalDiscriminatorCheck({
      ...common,
      fakePoints: ring.sample(createRng('optimalD:ring-g'), n),
    });
    expect(good.far).toBe(false);
    expect(Math.abs(good.jsdAtOptimum)).toBeLessThan(0.03);
  });

  it('refuses a toy whose density it cannot smooth in closed form, naming it', () => {
    const spiral = spiral2d();
    const points = spiral.sample(createRng('s'), 10);
    expect(() =>
      optimalDiscriminatorCheck({
        toy: spiral,
        realPoints: points,
        fakePoints: points,
        realLogits: flat(10),
        fakeLogits: flat(10),
      }),
    ).toThrow(/spiral2d is not a Gaussian mixture/);
  });
});
