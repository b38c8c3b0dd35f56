import { createRng } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Seeded initializers for one model: each layer draws its own seed from a stream made from `seed`. */
export function seededInit(seed: number | string) {
  const rng = createRng(`init:${seed}`);
  const next = () => rng.nextUint32() % 2147483647;
  return {
    /** Glorot-uniform kernel initializer with the next seed (Keras' default for dense/conv). */
    glorot: () => tfl.initializers.glorotUniform({ seed: next() }),
    /** N(0, 0.02²) kernel initializer with the next seed (Radford et al.'s DCGAN init). */
    dcgan: () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: next() }),
    /** A fresh integer seed, e.g. for a dropout layer. */
    nextSeed: next,
  };
}
