import { createRng, isGantryError } from '@gantry/core';
import { expectClose } from '@gantry/test-utils';
import { describe, expect, it } from 'vitest';
import { gaussian1d } from './gaussian1d';
import { getToyDistribution, TOY_DISTRIBUTIONS } from './getToyDistribution';
import { grid2d } from './grid2d';
import { ring2d } from './ring2d';
import { spiral2d } from './spiral2d';
import { swissRoll2d } from './swissRoll2d';
import type { ToyDistribution } from './toyDistribution';

/** ∫ p over a square grid by the midpoint rule. */
function integrate2d(dist: ToyDistribution, half: number, steps: number): number {
  const h = (2 * half) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      sum += dist.density?.([-half + (i + 0.5) * h, -half + (j + 0.5) * h]) ?? Number.NaN;
    }
  }
  return sum * h * h;
}

/** Fraction of samples within 3σ of their nearest mode, and the count per mode. */
function coverage(dist: ToyDistribution, points: Float32Array) {
  const modes = dist.modes ?? [];
  const counts = new Array(modes.length).fill(0);
  let near = 0;
  for (let i = 0; i < points.length / dist.dim; i++) {
    let best = Number.POSITIVE_INFINITY;
    let arg = -1;
    modes.forEach((m, k) => {
      let d2 = 0;
      for (let j = 0; j < dist.dim; j++)
        d2 += ((points[i * dist.dim + j] as number) - (m[j] as number)) ** 2;
      if (d2 < best) [best, arg] = [d2, k];
    });
    counts[arg]++;
    if (Math.sqrt(best) <= 3 * (dist.modeStd ?? 0) * Math.sqrt(dist.dim)) near++;
  }
  return { near: near / (points.length / dist.dim), counts };
}

describe('ring2d', () => {
  it('puts 8 modes at distinct angles 2πk/8 on the circle, not linspace(0, 2π, 8)', () => {
    const ring = ring2d();
    expect(ring.modes).toHaveLength(8);
    const angles = (ring.modes ?? []).map(([x, y]) => Math.atan2(y as number, x as number));
    const distinct = new Set(angles.map((a) => ((a + 2 * Math.PI) % (2 * Math.PI)).toFixed(6)));
    expect(distinct.size).toBe(8);
    for (const [k, [x, y]] of (ring.modes ?? []).entries()) {
      expectClose(
        [x as number, y as number],
        [2 * Math.cos((Math.PI * k) / 4), 2 * Math.sin((Math.PI * k) / 4)],
        {
          atol: 1e-12,
        },
      );
    }
    // Neighbouring centres are all 2r·sin(π/8) apart (the off-by-one version has one pair at 0).
    const m = ring.modes ?? [];
    for (let k = 0; k < 8; k++) {
      const [a, b] = [m[k] as number[], m[(k + 1) % 8] as number[]];
      expectClose(
        [Math.hypot((a[0] as number) - (b[0] as number), (a[1] as number) - (b[1] as number))],
        [4 * Math.sin(Math.PI / 8)],
        {
          atol: 1e-12,
        },
      );
    }
  });

  it('samples every mode equally, within 3σ, reproducibly from a seed', () => {
    const ring = ring2d({ radius: 3, std: 0.05 });
    const pts = ring.sample(createRng(7), 8000);
    expect(pts).toHaveLength(16000);
    const { near, counts } = coverage(ring, pts);
    expect(near).toBeGreaterThan(0.98);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
    expect(Array.from(ring.sample(createRng(7), 5))).toEqual(Array.from(pts.slice(0, 10)));
    expect(ring.options).toEqual({ modes: 8, radius: 3, std: 0.05 });
  });

  it('has a normalised density equal to the mixture formula', () => {
    const ring = ring2d({ std: 0.2 });
    expectClose([integrate2d(ring, 3.5, 400)], [1], { atol: 1e-3 });
    // At a centre: (1/8)·(1/(2πσ²)) from its own mode plus negligible others.
    expectClose([ring.density?.([2, 0]) ?? 0], [1 / 8 / (2 * Math.PI * 0.04)], { rtol: 1e-6 });
    // Far away the density underflows but the log-density stays exact.
    const far = ring2d().logDensity?.([50, 50]) ?? 0;
    expect(Number.isFinite(far)).toBe(true);
    expect(far).toBeLessThan(-1e5);
  });
});

describe('grid2d', () => {
  it('has 25 modes at {−4, −2, 0, 2, 4}² with σ 0.05', () => {
    const grid = grid2d();
    const coords = new Set((grid.modes ?? []).map((m) => m.join(',')));
    for (const x of [-4, -2, 0, 2, 4])
      for (const y of [-4, -2, 0, 2, 4]) expect(coords.has(`${x},${y}`)).toBe(true);
    expect(grid.modeStd).toBe(0.05);
    const { near, counts } = coverage(grid, grid.sample(createRng(3), 25000));
    expect(near).toBeGreaterThan(0.98);
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expectClose([integrate2d(grid2d({ std: 0.3 }), 6, 300)], [1], { atol: 1e-3 });
  });
});

describe('gaussian1d', () => {
  it('is N(2, 0.5²) by default with the exact density', () => {
    const g = gaussian1d();
    expectClose([g.density?.([2]) ?? 0], [1 / (0.5 * Math.sqrt(2 * Math.PI))], { rtol: 1e-12 });
    expectClose([g.density?.([3]) ?? 0], [Math.exp(-2) / (0.5 * Math.sqrt(2 * Math.PI))], {
      rtol: 1e-12,
    });
    const x = g.sample(createRng(1), 20000);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expectClose([mean, sd], [2, 0.5], { atol: 0.015 });
    expect(g.modes).toEqual([[2]]);
  });
});

describe('swissRoll2d and spiral2d', () => {
  it('sample the Swiss roll curve t·(cos t, sin t)/7.5 with t ∈ [1.5π, 4.5π]', () => {
    const roll = swissRoll2d({ noise: 0 });
    const pts = roll.sample(createRng(2), 2000);
    for (let i = 0; i < 2000; i++) {
      const r = Math.hypot(pts[2 * i] as number, pts[2 * i + 1] as number) * 7.5;
      expect(r).toBeGreaterThanOrEqual(1.5 * Math.PI - 1e-4);
      expect(r).toBeLessThanOrEqual(4.5 * Math.PI + 1e-4);
      // On the curve: the angle equals t = r modulo 2π.
      const angle = Math.atan2(pts[2 * i + 1] as number, pts[2 * i] as number);
      const diff = ((((angle - r) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
      expect(Math.abs(diff)).toBeLessThan(1e-3);
    }
    expect(roll.density).toBeUndefined();
  });

  it('samples each spiral arm equally', () => {
    const s = spiral2d({ noise: 0, arms: 2 });
    const pts = s.sample(createRng(4), 4000);
    let armOne = 0;
    for (let i = 0; i < 4000; i++) {
      const x = (pts[2 * i] as number) * 3;
      const y = (pts[2 * i + 1] as number) * 3;
      const theta = Math.hypot(x, y);
      // Arm 0 has angle θ; arm 1 has angle θ + π.
      const d = Math.hypot(x - theta * Math.cos(theta), y - theta * Math.sin(theta));
      if (d > 1e-3) armOne++;
      expect(theta).toBeLessThanOrEqual(3 * Math.PI + 1e-4);
    }
    expect(Math.abs(armOne - 2000)).toBeLessThan(150);
  });
});

describe('getToyDistribution', () => {
  it('finds every registered distribution by loose name and passes options', () => {
    for (const name of Object.keys(TOY_DISTRIBUTIONS))
      expect(getToyDistribution(name).name).toBe(name);
    expect(getToyDistribution('swiss-roll-2d').name).toBe('swissRoll2d');
    expect(getToyDistribution('Ring_2D', { modes: 6 }).modes).toHaveLength(6);
  });

  it('lists the known names for an unknown one and names a bad option', () => {
    try {
      getToyDistribution('moons');
      expect.unreachable();
    } catch (e) {
      expect(isGantryError(e, 'E_UNKNOWN_NAME')).toBe(true);
      expect((e as Error).message).toBe(
        'unknown toy distribution "moons"; known: gaussian1d, ring2d, grid2d, swissRoll2d, spiral2d',
      );
    }
    expect(() => ring2d({ std: -1 })).toThrow(
      'ring2d: option std must be a positive number, got -1',
    );
    expect(() => getToyDistribution('grid2d', { sigma: 1 })).toThrow(
      'grid2d: unknown option "sigma"; known options: size, spacing, std',
    );
    expect(() => ring2d().sample(createRng(1), 1.5)).toThrow(/n must be a non-negative integer/);
  });
});
