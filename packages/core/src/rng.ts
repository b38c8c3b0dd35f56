import { InvalidArgumentError } from './errors';

/** Serializable state of an {@link Rng}: four xoshiro128** words and the cached normal deviate. */
export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spare: number | null;
}

/** A seeded pseudo-random generator. Same seed, same stream, on every platform. */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Raw uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [low, high). */
  uniform(low?: number, high?: number): number;
  /** Gaussian N(mean, std²) by the Marsaglia polar method. */
  normal(mean?: number, std?: number): number;
  /** Uniform integer in [0, n) without modulo bias; n ≤ 2³². */
  int(n: number): number;
  /** Uniform integer in [min, max] (both inclusive). */
  integer(min: number, max: number): number;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T, A extends { length: number; [i: number]: T }>(array: A): A;
  /** A random permutation of 0 … n−1. */
  permutation(n: number): Uint32Array;
  /** Fills `out` with N(mean, std²) deviates and returns it. */
  fillNormal<A extends Float32Array | Float64Array>(out: A, mean?: number, std?: number): A;
  /** Fills `out` with uniform deviates in [low, high) and returns it. */
  fillUniform<A extends Float32Array | Float64Array>(out: A, low?: number, high?: number): A;
  /** A new, statistically independent generator derived from (and advancing) this one. */
  split(): Rng;
  /** A snapshot of the state, e.g. for checkpoints. */
  getState(): RngState;
  /** Restores a snapshot taken with {@link Rng.getState}. */
  setState(state: RngState): void;
}

const TWO_POW_32 = 4294967296;

/** splitmix32: a well-mixed 32-bit output from a 32-bit counter (used to seed xoshiro). */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function seedWords(seed: number | string): [number, number, number, number] {
  let lo: number;
  let hi: number;
  if (typeof seed === 'string') {
    // FNV-1a over UTF-16 code units, two lanes.
    lo = 0x811c9dc5;
    hi = 0x01000193;
    for (let i = 0; i < seed.length; i++) {
      const c = seed.charCodeAt(i);
      lo = Math.imul(lo ^ c, 0x01000193) >>> 0;
      hi = Math.imul(hi ^ c, 0x5bd1e995) >>> 0;
    }
  } else {
    if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
      throw new InvalidArgumentError(
        'E_INVALID_ARGUMENT',
        `createRng: seed must be a finite integer or a string, got ${seed}`,
        { option: 'seed' },
      );
    }
    const abs = Math.abs(seed);
    lo = (abs % TWO_POW_32) >>> 0;
    hi = (Math.floor(abs / TWO_POW_32) >>> 0) ^ (seed < 0 ? 0x80000000 : 0);
  }
  let x = lo ^ Math.imul(hi, 0x27d4eb2d);
  const s: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    s[i] = splitmix32(x ^ (i === 1 ? hi : 0));
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // xoshiro must not be all-zero
  return s;
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(words: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  nextUint32(): number {
    // xoshiro128** by Blackman & Vigna (public domain algorithm), 32-bit integer ops only.
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + std * u * f;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new InvalidArgumentError(
        'E_OUT_OF_RANGE',
        `rng.int: n must be an integer in [1, 2^32], got ${n}`,
        { option: 'n' },
      );
    }
    // Rejection sampling: accept only below the largest multiple of n.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x: number;
    do {
      x = this.nextUint32();
    } while (x >= limit);
    return x % n;
  }

  integer(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new InvalidArgumentError(
        'E_OUT_OF_RANGE',
        `rng.integer: need integers min <= max, got [${min}, ${max}]`,
        { option: 'min/max' },
      );
    }
    return min + this.int(max - min + 1);
  }

  shuffle<T, A extends { length: number; [i: number]: T }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
    return array;
  }

  permutation(n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle<number, Uint32Array>(out);
  }

  fillNormal<A extends Float32Array | Float64Array>(out: A, mean = 0, std = 1): A {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  fillUniform<A extends Float32Array | Float64Array>(out: A, low = 0, high = 1): A {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  split(): Rng {
    const a = this.nextUint32();
    const b = this.nextUint32();
    const words: [number, number, number, number] = [
      splitmix32(a),
      splitmix32(b ^ 0x6a09e667),
      splitmix32(a ^ 0xbb67ae85),
      splitmix32(b),
    ];
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    return new Xoshiro128(words);
  }

  getState(): RngState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  setState(state: RngState): void {
    const words = state?.s;
    if (
      !Array.isArray(words) ||
      words.length !== 4 ||
      words.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_POW_32) ||
      (words[0] | words[1] | words[2] | words[3]) === 0
    ) {
      throw new InvalidArgumentError(
        'E_INVALID_ARGUMENT',
        'rng.setState: state.s must be four uint32 words, not all zero',
        { option: 'state.s' },
      );
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    this.spare = state.spare ?? null;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Creates a seeded generator (xoshiro128**, seeded through splitmix32). Integer arithmetic only,
 * so the uniform stream is bit-identical on every platform; normals use `Math.sqrt` and
 * `Math.log` (fdlibm in V8 and SpiderMonkey).
 *
 * @example
 * const rng = createRng(42);
 * rng.normal(); // same value everywhere
 * const [a, b] = [rng.split(), rng.split()]; // independent streams
 */
export function createRng(seed: number | string): Rng {
  return new Xoshiro128(seedWords(seed));
}

/** Recreates a generator from a snapshot taken with {@link Rng.getState}. */
export function rngFromState(state: RngState): Rng {
  const rng = new Xoshiro128([1, 0, 0, 0]);
  rng.setState(state);
  return rng;
}
