import { createRng } from '@gantry/core';
import { gaussian1d, ring2d } from '@gantry/datasets';
import { describe, expect, it } from 'vitest';
import { silvermanBandwidth } from './bandwidth';
import { kernelJsd, modeMetrics } from './mixture';

const ring = ring2d();
const ringOptions = { modes: ring.modes ?? [], std: ring.modeStd ?? 0 };

/** n points all drawn from mode k of the ring. */
function oneMode(n: number, k: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const [cx, cy] = ring.modes?.[k] ?? [0, 0];
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (cx as number) + (ring.modeStd as number) * rng.normal();
    out[2 * i + 1] = (cy as number) + (ring.modeStd as number) * rng.normal();
  }
  return out;
}

describe('modeMetrics (VEEGAN / PacGAN)', () => {
  it('finds every mode of real ring samples, 98.9% within 3σ, a uniform histogram', () => {
    const m = modeMetrics(ring.sample(createRng(1), 2500), 2, ringOptions);
    expect(m.numModes).toBe(8);
    expect([m.modesPacGan, m.modesVeegan, m.modesStrict]).toEqual([8, 8, 8]);
    // P(‖ε‖ ≤ 3σ) for a 2-D standard Gaussian is 1 − e^(−9/2) = 0.9889.
    expect(m.highQualityFraction).toBeGreaterThan(0.98);
    expect(m.highQualityFraction).toBeLessThan(0.996);
    expect(m.reverseKl).toBeLessThan(0.01);
    expect(m.histogram.reduce((a, b) => a + b, 0)).toBe(Math.round(m.highQualityFraction * 2500));
  });

  it('sees a collapsed generator: one mode captured, reverse KL = log 8', () => {
    const m = modeMetrics(oneMode(1000, 3, 2), 2, ringOptions);
    expect([m.modesPacGan, m.modesVeegan, m.modesStrict]).toEqual([1, 1, 1]);
    expect(m.histogram[3]).toBe(m.histogram.reduce((a, b) => a + b, 0));
    expect(m.reverseKl).toBeCloseTo(Math.log(8), 12);
  });

  it('counts no mode and an infinite reverse KL when every sample misses', () => {
    const m = modeMetrics(new Float32Array(200), 2, ringOptions); // all at the centre
    expect([m.modesPacGan, m.modesVeegan, m.modesStrict]).toEqual([0, 0, 0]);
    expect(m.highQualityFraction).toBe(0);
    expect(m.reverseKl).toBe(Number.POSITIVE_INFINITY);
  });

  it('Gantry’s strict count needs a mode to hold minFraction of the samples', () => {
    const pts = new Float32Array([...oneMode(990, 0, 3), ...oneMode(10, 1, 4)]);
    expect(modeMetrics(pts, 2, ringOptions).modesStrict).toBe(2); // 10 ≥ ⌈0.008·1000⌉ = 8
    expect(modeMetrics(pts, 2, { ...ringOptions, minFraction: 0.02 }).modesStrict).toBe(1);
  });

  it('partial collapse: PacGAN and VEEGAN count a mode with one good sample, the strict count not', () => {
    // 2,500 samples: 830 on each of modes 0–2, one on each of modes 3–5, 7 at the centre.
    const pts = new Float32Array([
      ...oneMode(830, 0, 10),
      ...oneMode(830, 1, 11),
      ...oneMode(830, 2, 12),
      ...oneMode(1, 3, 13),
      ...oneMode(1, 4, 14),
      ...oneMode(1, 5, 15),
      ...new Float32Array(14),
    ]);
    const m = modeMetrics(pts, 2, ringOptions);
    expect(m.n).toBe(2500);
    expect(m.minCount).toBe(20);
    expect([m.modesPacGan, m.modesVeegan, m.modesStrict]).toEqual([6, 6, 3]);
  });

  it('VEEGAN counts every mode within 3σ of a sample, PacGAN only the nearest', () => {
    // Two modes 1 apart with σ 0.5: a point at 0.4 is within 3σ of both, nearest to mode 0.
    const m = modeMetrics(new Float32Array([0.4]), 1, { modes: [[0], [1]], std: 0.5 });
    expect([m.modesPacGan, m.modesVeegan]).toEqual([1, 2]);
  });

  it('names bad input', () => {
    expect(() => modeMetrics(new Float32Array(3), 2, ringOptions)).toThrow(
      'points must hold n·2 values',
    );
    expect(() => modeMetrics(new Float32Array(4), 2, { ...ringOptions, std: 0 })).toThrow(
      'std must be a positive number, got 0',
    );
  });
});

/** JSD between N(0, s1²) and N(m, s2²) in nats by quadrature. */
function gaussianJsd(m1: number, s1: number, m2: number, s2: number): number {
  const pdf = (x: number, m: number, s: number) =>
    Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
  let total = 0;
  const h = 1e-3;
  for (let x = -30; x <= 30; x += h) {
    const p = pdf(x, m1, s1);
    const q = pdf(x, m2, s2);
    const m = (p + q) / 2;
    if (m < 1e-300) continue; // both densities underflow: no mass here
    if (p > 0) total += 0.5 * p * Math.log(p / m) * h;
    if (q > 0) total += 0.5 * q * Math.log(q / m) * h;
  }
  return total;
}

/**
 * JSD(ring ‖ N(μ₀, s²I)) by radial quadrature around μ₀: the ring's other modes lie where the
 * Gaussian is ~0 and contribute ½·⅞·log 2; near μ₀ the ring's density is ⅛·N(μ₀, σ²I).
 */
function collapsedRingJsd(sigma: number, s: number): number {
  const gauss = (r: number, sd: number) =>
    Math.exp(-(r * r) / (2 * sd * sd)) / (2 * Math.PI * sd * sd);
  const dr = Math.min(sigma, s) / 2000;
  let total = 0;
  for (let r = dr / 2; r < 12 * Math.max(sigma, s); r += dr) {
    const p = gauss(r, sigma) / 8;
    const q = gauss(r, s);
    const m = (p + q) / 2;
    if (m < 1e-300) continue;
    const area = 2 * Math.PI * r * dr;
    if (p > 0) total += 0.5 * p * Math.log(p / m) * area;
    if (q > 0) total += 0.5 * q * Math.log(q / m) * area;
  }
  return total + 0.5 * (7 / 8) * Math.LN2;
}

describe('kernelJsd', () => {
  it('matches the JSD by quadrature for Gaussian data and a Gaussian kernel estimate', () => {
    // p_data = N(2, 0.5²); generated ~ N(2.4, 0.6²); with bandwidth h, p̂_g ≈ N(2.4, 0.6² + h²).
    const data = gaussian1d();
    const rng = createRng(5);
    const generated = Float32Array.from({ length: 20_000 }, () => 2.4 + 0.6 * rng.normal());
    const h = 0.1;
    const r = kernelJsd(data, generated, { bandwidth: h, n: 4000, seed: 1 });
    const expected = gaussianJsd(2, 0.5, 2.4, Math.sqrt(0.36 + h * h));
    expect(r.stderr).toBeGreaterThan(0);
    expect(Math.abs(r.jsd - expected)).toBeLessThan(4 * r.stderr + 0.005);
    expect(r.bandwidth).toBe(h);
  });

  it('with its default bandwidth: ≤ 0.05 nats for the data itself, the exact JSD for a collapse', () => {
    // Silverman's rule gave 0.65 nats here (issue 14 item 5): the data set could not be told
    // from a bad generator.
    const itself = kernelJsd(ring, ring.sample(createRng(6), 2500), { n: 2000 });
    expect(itself.jsd).toBeLessThanOrEqual(0.05);
    const collapsed = kernelJsd(ring, oneMode(2500, 0, 7), { n: 2000 });
    const s = Math.hypot(ring.modeStd as number, collapsed.bandwidth);
    const exact = collapsedRingJsd(ring.modeStd as number, s);
    expect(Math.abs(collapsed.jsd - exact)).toBeLessThan(4 * collapsed.stderr + 0.01);
    // And the kernel is narrow enough that this is near the JSD of the collapse itself (s = σ).
    expect(
      Math.abs(exact - collapsedRingJsd(ring.modeStd as number, ring.modeStd as number)),
    ).toBeLessThan(0.03);
  });

  it('chooses the bandwidth of best held-out likelihood: near the ring’s mode σ, not Silverman’s', () => {
    const points = ring.sample(createRng(8), 2500);
    const h = kernelJsd(ring, points, { n: 200 }).bandwidth;
    expect(h).toBeGreaterThan(0.002);
    expect(h).toBeLessThan(0.05); // mode σ 0.02
    expect(silvermanBandwidth(points, 2500, 2)).toBeGreaterThan(0.3);
    expect(() =>
      kernelJsd({ dim: 2, sample: ring.sample.bind(ring) }, new Float32Array(4)),
    ).toThrow('kernelJsd needs a distribution with an exact logDensity');
  });
});
