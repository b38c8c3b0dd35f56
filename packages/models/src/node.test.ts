import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { useCpuBackend } from '@gantry/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dcganGenerator } from './dcgan';
import { mlpDiscriminator, mlpGenerator } from './mlp';
import { loadModel, loadWeightsInto, saveModel } from './node';

describe('saving and loading with fileSystemIO (no tfjs-node)', () => {
  beforeAll(useCpuBackend);

  it('round-trips a generator: same outputs, TF.js layers format, no temp files left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-model-'));
    const g = dcganGenerator({ outputShape: [28, 28, 1], baseFilters: 4, latentDim: 8, seed: 4 });
    await saveModel(g, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const loaded = await loadModel(dir);
    tf.tidy(() => {
      const z = tf.randomNormal([3, 8], 0, 1, 'float32', 9);
      const a = (g.predict(z) as tf.Tensor).dataSync();
      const b = (loaded.predict(z) as tf.Tensor).dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
    });
  });

  it('loads in the browser way: tf.loadLayersModel over HTTP from the saved folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-model-'));
    const g = mlpGenerator({ latentDim: 5, outputShape: [4, 4, 1], hidden: [7], seed: 2 });
    await saveModel(g, dir);
    const server = createServer(async (req, res) => {
      try {
        res.end(await readFile(join(dir, (req.url ?? '/').slice(1))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const loaded = await tfl.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
      tf.tidy(() => {
        const z = tf.ones([1, 5]);
        expect(Array.from((loaded.predict(z) as tf.Tensor).dataSync())).toEqual(
          Array.from((g.predict(z) as tf.Tensor).dataSync()),
        );
      });
    } finally {
      server.close();
    }
  });

  it('loads weights into a freshly built twin, and refuses a truncated weights file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-model-'));
    const d = mlpDiscriminator({ inputShape: [6], hidden: [5], maxoutPieces: 3, seed: 1 });
    await saveModel(d, dir);
    const twin = mlpDiscriminator({ inputShape: [6], hidden: [5], maxoutPieces: 3, seed: 99 });
    await loadWeightsInto(twin, dir);
    expect(twin.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
      d.getWeights().map((w) => Array.from(w.dataSync())),
    );
    const weights = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), weights.subarray(0, 10));
    try {
      await loadWeightsInto(twin, dir);
      expect.unreachable();
    } catch (error) {
      expect(isGantryError(error, 'E_BAD_MODEL_FILE')).toBe(true);
      expect((error as Error).message).toMatch(
        /weights hold 10 bytes but the manifest describes \d+/,
      );
    }
    await expect(loadModel(join(dir, 'missing'))).rejects.toThrowError(
      /cannot read .*missing\/model\.json/,
    );
  });
});
