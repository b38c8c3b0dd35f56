import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, isGantryError } from '@gantry/core';
import { FASHION_MNIST_CLASSES, loadMnistSample, MNIST_CLASSES } from '@gantry/datasets';
import { loadFashionMnist } from '@gantry/datasets/node';
import { useFastBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLASSIFIER_NAMES,
  type Classifier,
  ClassifierError,
  type ClassifierName,
  loadClassifier as loadClassifierFrom,
  toClassifierInput,
} from './classifier';
import { loadClassifier } from './nodeClassifier';

const PIXELS = 28 * 28;
const CLASSIFIERS_DIR = fileURLToPath(new URL('../classifiers/', import.meta.url));

function shippedAccuracy(name: ClassifierName): {
  heldOut?: { accuracy: number; N: number };
  test?: { accuracy: number; N: number };
  weightBytes: number;
} {
  return JSON.parse(readFileSync(join(CLASSIFIERS_DIR, name, 'accuracy.json'), 'utf8'));
}

/** The uint8 images `indices` of a N·28·28 array, concatenated. */
function pick(images: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length * PIXELS);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j] as number;
    out.set(images.subarray(i * PIXELS, (i + 1) * PIXELS), j * PIXELS);
  }
  return out;
}

/** Share of `indices` whose predicted label equals `labels[index]`. */
function accuracyOn(
  clf: Classifier,
  images: Uint8Array,
  labels: Uint8Array,
  indices: ArrayLike<number>,
): number {
  const x = toClassifierInput(pick(images, indices));
  const predicted = clf.predict(x);
  const values = predicted.dataSync();
  tf.dispose([x, predicted]);
  let correct = 0;
  for (let j = 0; j < indices.length; j++) {
    if (values[j] === labels[indices[j] as number]) correct++;
  }
  return correct / indices.length;
}

async function expectClassifierError(fn: () => unknown, code: string): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(ClassifierError);
  expect(isGantryError(caught, code), `code ${(caught as ClassifierError).code}`).toBe(true);
}

let mnist: Classifier;
let fashion: Classifier;

beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
  [mnist, fashion] = await Promise.all([loadClassifier('mnist'), loadClassifier('fashion-mnist')]);
});

afterAll(() => {
  mnist?.dispose();
  fashion?.dispose();
});

describe('shipped classifiers', () => {
  it('describe themselves', () => {
    expect(CLASSIFIER_NAMES).toEqual(['mnist', 'fashion-mnist']);
    expect(mnist.name).toBe('mnist');
    expect(mnist.classNames).toEqual(MNIST_CLASSES);
    expect(fashion.classNames).toEqual(FASHION_MNIST_CLASSES);
    for (const clf of [mnist, fashion]) {
      expect(clf.featureDim).toBe(128);
      expect(clf.numClasses).toBe(10);
      expect(clf.inputShape).toEqual([28, 28, 1]);
      expect(clf.batchSize).toBe(256);
      // < 1 MB of float32 weights each
      expect(shippedAccuracy(clf.name).weightBytes).toBeLessThan(1_000_000);
    }
  });

  it('mnist: ≥ 97% on the 2,000 held-out digits of the MNIST sample (i % 5 === 4)', async () => {
    const sample = await loadMnistSample();
    const held = Array.from({ length: sample.count / 5 }, (_, k) => 5 * k + 4);
    expect(held).toHaveLength(2000);
    const acc = accuracyOn(mnist, sample.images, sample.labels!, held);
    expect(acc).toBeGreaterThanOrEqual(0.97);
    // agrees with the number recorded by the training script (backends may differ in last bits)
    expect(Math.abs(acc - shippedAccuracy('mnist').heldOut!.accuracy)).toBeLessThanOrEqual(0.002);
  });

  it('fashion-mnist: ≥ 89% on the Fashion-MNIST test set', async () => {
    const { test } = await loadFashionMnist();
    // The full 10,000 on the native backend (~2 s); a seeded 2,000 on plain cpu.
    const n = tf.getBackend() === 'cpu' ? 2000 : test.count;
    const indices = createRng(7).permutation(test.count).subarray(0, n);
    const acc = accuracyOn(fashion, test.images, test.labels!, indices);
    expect(acc).toBeGreaterThanOrEqual(0.89);
    if (n === test.count) {
      expect(Math.abs(acc - shippedAccuracy('fashion-mnist').test!.accuracy)).toBeLessThanOrEqual(
        0.002,
      );
    }
  });
});

describe('features and probabilities', () => {
  it('have the right shapes, probability rows sum to 1, predict is their argmax', async () => {
    const sample = await loadMnistSample();
    // 150 images, batch 64: three batches, the last one partial
    const clf = await loadClassifier('mnist', { batchSize: 64 });
    try {
      const x = toClassifierInput(sample.images.subarray(0, 150 * PIXELS));
      const f = clf.features(x);
      const p = clf.probabilities(x);
      const y = clf.predict(x);
      expect(f.shape).toEqual([150, 128]);
      expect(p.shape).toEqual([150, 10]);
      expect(y.shape).toEqual([150]);
      expect(y.dtype).toBe('int32');
      const fv = f.dataSync();
      expect(fv.every((v) => Number.isFinite(v) && v >= 0)).toBe(true); // ReLU
      const pv = p.dataSync();
      const yv = y.dataSync();
      for (let i = 0; i < 150; i++) {
        const row = Array.from(pv.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(row.every((v) => v >= 0)).toBe(true);
        expect(yv[i]).toBe(row.indexOf(Math.max(...row)));
      }
      // batching does not change the result: same numbers as the default batch (256)
      const f2 = mnist.features(x);
      const diff = tf.max(tf.abs(tf.sub(f, f2)));
      expect(diff.dataSync()[0]).toBeLessThan(1e-4);
      tf.dispose([x, f, p, y, f2, diff]);
    } finally {
      clf.dispose();
    }
  });

  it('handles zero images', () => {
    const x = tf.zeros([0, 28, 28, 1]) as tf.Tensor4D;
    const f = fashion.features(x);
    const p = fashion.probabilities(x);
    expect(f.shape).toEqual([0, 128]);
    expect(p.shape).toEqual([0, 10]);
    tf.dispose([x, f, p]);
  });

  it('keeps tf.memory().numTensors flat over repeated calls, and frees its weights', async () => {
    const x = tf.randomUniform([20, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const call = () => {
      tf.dispose([fashion.features(x), fashion.probabilities(x), fashion.predict(x)]);
    };
    call();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) call();
    expect(tf.memory().numTensors).toBe(before);
    const clf = await loadClassifier('fashion-mnist', { batchSize: 8 });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    tf.dispose(clf.features(x));
    clf.dispose();
    clf.dispose(); // harmless twice
    expect(tf.memory().numTensors).toBe(before);
    await expectClassifierError(() => clf.features(x), 'E_DISPOSED');
    x.dispose();
  });
});

describe('errors', () => {
  it('rejects bad image shapes and dtypes', async () => {
    const cases: [tf.Tensor, string][] = [
      [tf.zeros([2, 28, 28]), 'E_SHAPE'],
      [tf.zeros([2, 28, 28, 3]), 'E_SHAPE'],
      [tf.zeros([2, 32, 32, 1]), 'E_SHAPE'],
      [tf.zeros([2, 784]), 'E_SHAPE'],
      [tf.zeros([2, 28, 28, 1], 'int32'), 'E_DTYPE'],
    ];
    for (const [x, code] of cases) {
      await expectClassifierError(() => mnist.features(x as tf.Tensor4D), code);
      await expectClassifierError(() => mnist.probabilities(x as tf.Tensor4D), code);
      await expectClassifierError(() => mnist.predict(x as tf.Tensor4D), code);
      x.dispose();
    }
    await expectClassifierError(() => mnist.features(null as unknown as tf.Tensor4D), 'E_SHAPE');
  });

  it('rejects unknown names, bad options and bad files', async () => {
    await expectClassifierError(
      () => loadClassifier('cifar10' as ClassifierName),
      'E_UNKNOWN_CLASSIFIER',
    );
    await expectClassifierError(
      () => loadClassifier('mnist', { batchSize: 0 }),
      'E_INVALID_ARGUMENT',
    );
    await expectClassifierError(() => toClassifierInput(new Uint8Array(100)), 'E_SHAPE');
    // The browser-safe loader reads through an IOHandler only.
    await expectClassifierError(
      () => loadClassifierFrom('mnist', {} as { io: tf.io.IOHandler }),
      'E_INVALID_ARGUMENT',
    );
    const dir = await mkdtemp(join(tmpdir(), 'gantry-classifier-'));
    try {
      await expectClassifierError(() => loadClassifier('mnist', { dir }), 'E_BAD_MODEL_FILE');
      const sub = join(dir, 'mnist');
      await mkdir(sub);
      const json = readFileSync(join(CLASSIFIERS_DIR, 'mnist', 'model.json'), 'utf8');
      await writeFile(join(sub, 'model.json'), json);
      await writeFile(join(sub, 'weights.bin'), new Uint8Array(12)); // truncated
      await expectClassifierError(() => loadClassifier('mnist', { dir }), 'E_BAD_MODEL_FILE');
      await writeFile(join(sub, 'model.json'), '{"not": "a model"}');
      await expectClassifierError(() => loadClassifier('mnist', { dir }), 'E_BAD_MODEL_FILE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('converts uint8 pixels to [-1, 1]', () => {
    const x = toClassifierInput(Uint8Array.from({ length: PIXELS }, (_, i) => (i === 1 ? 255 : 0)));
    expect(x.shape).toEqual([1, 28, 28, 1]);
    const v = x.dataSync();
    expect(v[0]).toBe(-1);
    expect(v[1]).toBe(1);
    x.dispose();
  });
});
