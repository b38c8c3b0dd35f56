#!/usr/bin/env node
// Trains the two small convolutional classifiers shipped in packages/eval/classifiers/:
//
//   mnist          on the embedded MNIST sample (loadMnistSample(), 10,000 digits). Held out:
//                  every digit whose index i in the sample satisfies i % 5 === 4 (2,000 digits,
//                  ~200 per class; the sample is grouped by class, so "the last 2,000" would be
//                  only 8s and 9s). Trained on the other 8,000.
//   fashion-mnist  on the Fashion-MNIST training set (60,000), measured on its test set (10,000),
//                  read from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)
//                  or FASHION_MNIST_DIR.
//
// Architecture (named layers; 234,282 float32 parameters, 937 KB):
//   input 28×28×1 in [−1, 1] (pixel/127.5 − 1, the scale of a tanh generator)
//   conv1 3×3×32 stride 1 ReLU (26×26) → conv2 3×3×32 stride 2 ReLU (12×12)
//   → conv3 3×3×64 stride 2 ReLU (5×5) → flatten (1600)
// (strided convolutions instead of max-pooling: tfjs-backend-cpu's MaxPoolGrad, which the native
// backend inherits, takes 95% of a training step; every kernel here is a native one.)
//   → features: dense 128 ReLU (the penultimate layer, for Fréchet distances / KID)
//   → probabilities: dense 10 softmax
//
// Everything is seeded: Glorot initialisers take a seed, batches are shuffled with createRng.
//
// Usage (from the repository root, after building the workspace dependencies):
//   pnpm exec turbo run build --filter=@gantry/datasets... --filter=@gantry/backend-native...
//   node packages/eval/scripts/train-classifiers.mjs [mnist] [fashion-mnist]
// Env: GANTRY_NATIVE_THREADS (default 1: bit-reproducible, and no slower here), EPOCHS_MNIST,
// EPOCHS_FASHION, SEED, OUT_DIR (default packages/eval/classifiers).
//
// Output, written atomically (temp file + fsync + rename), weights before model.json:
//   packages/eval/classifiers/<name>/{weights.bin, model.json, accuracy.json}

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@gantry/core';
import { atomicWriteFile } from '@gantry/core/node';
import { loadMnistSample } from '@gantry/datasets';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist } from '@gantry/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_ROOT = process.env.OUT_DIR ?? join(HERE, '..', 'classifiers');
const SEED = Number(process.env.SEED ?? 20240601);
const PIXELS = 28 * 28;
const BATCH = 64;

/** Builds the classifier; every initialiser gets its own seed derived from `seed`. */
function buildModel(seed) {
  const init = (k) => tfl.initializers.glorotUniform({ seed: seed * 16 + k });
  const model = tfl.sequential({ name: 'classifier' });
  const conv = (name, filters, strides, k, extra = {}) =>
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      strides,
      activation: 'relu',
      kernelInitializer: init(k),
      ...extra,
    });
  model.add(conv('conv1', 32, 1, 1, { inputShape: [28, 28, 1] }));
  model.add(conv('conv2', 32, 2, 2));
  model.add(conv('conv3', 64, 2, 3));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(
    tfl.layers.dense({
      name: 'features',
      units: 128,
      activation: 'relu',
      kernelInitializer: init(4),
    }),
  );
  model.add(
    tfl.layers.dense({
      name: 'probabilities',
      units: 10,
      activation: 'softmax',
      kernelInitializer: init(5),
    }),
  );
  return model;
}

/** Images `indices` of a uint8 N×28×28 array as an n×28×28×1 float32 tensor in [−1, 1]. */
function toTensor(images, indices) {
  const out = new Float32Array(indices.length * PIXELS);
  for (let j = 0; j < indices.length; j++) {
    const base = indices[j] * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[j * PIXELS + p] = images[base + p] / 127.5 - 1;
  }
  return tf.tensor4d(out, [indices.length, 28, 28, 1]);
}

function oneHot(labels, indices) {
  const out = new Float32Array(indices.length * 10);
  for (let j = 0; j < indices.length; j++) out[j * 10 + labels[indices[j]]] = 1;
  return tf.tensor2d(out, [indices.length, 10]);
}

/** Accuracy of `model` on images[indices], evaluated in batches of 500. */
function accuracy(model, images, labels, indices) {
  let correct = 0;
  for (let start = 0; start < indices.length; start += 500) {
    const idx = indices.slice(start, start + 500);
    const predicted = tf.tidy(() => tf.argMax(model.predict(toTensor(images, idx)), 1));
    const values = predicted.dataSync();
    predicted.dispose();
    for (let j = 0; j < idx.length; j++) if (values[j] === labels[idx[j]]) correct++;
  }
  return correct / indices.length;
}

/** An IOHandler that keeps the artifacts in memory; written to disk by {@link writeModel}. */
function captureIO() {
  const handler = {
    artifacts: undefined,
    async save(artifacts) {
      handler.artifacts = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  };
  return handler;
}

async function writeModel(model, dir, metadata) {
  const io = captureIO();
  await model.save(io);
  const { modelTopology, weightSpecs, weightData } = io.artifacts;
  const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
  const json = {
    modelTopology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: null,
    weightsManifest: [{ paths: ['./weights.bin'], weights: weightSpecs }],
    userDefinedMetadata: metadata,
  };
  await mkdir(dir, { recursive: true });
  await atomicWriteFile(join(dir, 'weights.bin'), bytes);
  await atomicWriteFile(join(dir, 'model.json'), `${JSON.stringify(json)}\n`);
  return bytes.byteLength;
}

/**
 * Trains `model` with Adam on images[trainIdx] for `epochs`, learning rate `lr0` decayed by
 * `decay` per epoch; prints per-epoch loss, training accuracy and held-out accuracy.
 */
async function train(model, data, { trainIdx, evalIdx, epochs, lr0, decay, seed, label }) {
  const rng = createRng(seed);
  const optimizer = tf.train.adam(lr0);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const order = Uint32Array.from(trainIdx);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.learningRate = lr0 * decay ** (epoch - 1);
    const t0 = performance.now();
    rng.shuffle(order);
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      const idx = order.subarray(start, Math.min(start + BATCH, order.length));
      const x = toTensor(data.images, idx);
      const y = oneHot(data.labels, idx);
      const [loss, acc] = await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      lossSum += loss * idx.length;
      accSum += acc * idx.length;
      seen += idx.length;
    }
    const heldOut = accuracy(model, data.images, data.labels, evalIdx);
    console.log(
      `${label} epoch ${epoch}/${epochs}: lr ${optimizer.learningRate.toExponential(2)} ` +
        `loss ${(lossSum / seen).toFixed(4)} train acc ${(accSum / seen).toFixed(4)} ` +
        `eval acc ${heldOut.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
        `${tf.memory().numTensors} tensors)`,
    );
  }
}

async function trainMnist(backend) {
  const sample = await loadMnistSample();
  const all = Array.from({ length: sample.count }, (_, i) => i);
  const trainIdx = all.filter((i) => i % 5 !== 4);
  const heldIdx = all.filter((i) => i % 5 === 4);
  const epochs = Number(process.env.EPOCHS_MNIST ?? 15);
  const seed = SEED;
  const t0 = performance.now();
  const model = buildModel(seed);
  await train(model, sample, {
    trainIdx,
    evalIdx: heldIdx,
    epochs,
    lr0: 1e-3,
    decay: 0.8,
    seed,
    label: 'mnist',
  });
  const seconds = (performance.now() - t0) / 1000;
  const heldOut = accuracy(model, sample.images, sample.labels, heldIdx);
  const trainAcc = accuracy(model, sample.images, sample.labels, trainIdx);
  return finish(model, 'mnist', {
    dataset: 'mnist-sample (loadMnistSample from @gantry/datasets)',
    trainN: trainIdx.length,
    heldOut: {
      accuracy: heldOut,
      N: heldIdx.length,
      which: 'digits i of loadMnistSample() with i % 5 === 4',
    },
    trainAccuracy: trainAcc,
    epochs,
    batchSize: BATCH,
    optimizer: 'adam, lr 1e-3 × 0.8^(epoch−1)',
    seed,
    seconds: Math.round(seconds * 10) / 10,
    backend,
    classNames: sample.classNames,
  });
}

async function trainFashion(backend) {
  const dir = process.env.FASHION_MNIST_DIR ?? DEBIAN_FASHION_MNIST_DIR;
  const { train: trainSet, test, classNames } = await loadFashionMnist({ dir });
  // One array for both splits: training images first, then test images.
  const images = new Uint8Array((trainSet.count + test.count) * PIXELS);
  images.set(trainSet.images, 0);
  images.set(test.images, trainSet.count * PIXELS);
  const labels = new Uint8Array(trainSet.count + test.count);
  labels.set(trainSet.labels, 0);
  labels.set(test.labels, trainSet.count);
  const data = { images, labels };
  const trainIdx = Array.from({ length: trainSet.count }, (_, i) => i);
  const testIdx = Array.from({ length: test.count }, (_, i) => trainSet.count + i);
  const epochs = Number(process.env.EPOCHS_FASHION ?? 12);
  const seed = SEED + 1;
  const t0 = performance.now();
  const model = buildModel(seed);
  await train(model, data, {
    trainIdx,
    evalIdx: testIdx,
    epochs,
    lr0: 1e-3,
    decay: 0.7,
    seed,
    label: 'fashion-mnist',
  });
  const seconds = (performance.now() - t0) / 1000;
  const testAcc = accuracy(model, images, labels, testIdx);
  return finish(model, 'fashion-mnist', {
    dataset: `fashion-mnist (${dir})`,
    trainN: trainSet.count,
    test: { accuracy: testAcc, N: test.count, which: 'the official 10,000-image test set' },
    epochs,
    batchSize: BATCH,
    optimizer: 'adam, lr 1e-3 × 0.7^(epoch−1)',
    seed,
    seconds: Math.round(seconds * 10) / 10,
    backend,
    classNames,
  });
}

async function finish(model, name, report) {
  const dir = join(OUT_ROOT, name);
  const { classNames, ...rest } = report;
  const bytes = await writeModel(model, dir, {
    name,
    classNames,
    inputScale: '[-1, 1] = pixel / 127.5 - 1',
    featureLayer: 'features',
    seed: report.seed,
  });
  const accuracyJson = {
    name,
    ...rest,
    parameters: model.countParams(),
    weightBytes: bytes,
    inputScale: '[-1, 1] = pixel / 127.5 - 1',
    tfjs: tf.version_core,
    command: 'node packages/eval/scripts/train-classifiers.mjs',
  };
  await atomicWriteFile(join(dir, 'accuracy.json'), `${JSON.stringify(accuracyJson, null, 2)}\n`);
  model.dispose();
  console.log(`${name}: wrote ${dir} (${bytes} bytes of weights)`, JSON.stringify(accuracyJson));
  return accuracyJson;
}

async function main() {
  tf.env().set('IS_TEST', true);
  let backend = 'cpu';
  try {
    const { registerNativeBackend } = await import('@gantry/backend-native');
    const threads = Number(process.env.GANTRY_NATIVE_THREADS ?? 1);
    backend = await registerNativeBackend({ threads });
    await tf.setBackend(backend);
  } catch (error) {
    console.warn(`native backend unavailable (${error.message}); training on cpu (slow)`);
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
  }
  await tf.ready();
  console.log(`backend ${tf.getBackend()}, seed ${SEED}`);
  const which = process.argv.slice(2);
  const want = (n) => which.length === 0 || which.includes(n);
  if (want('mnist')) await trainMnist(tf.getBackend());
  if (want('fashion-mnist')) await trainFashion(tf.getBackend());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
