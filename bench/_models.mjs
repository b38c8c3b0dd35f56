// The two GAN steps of the benchmark in TensorFlow.js (tfjs-layers models, tfjs Adam), built
// exactly like bench/torch_bench.py builds them in PyTorch.
//   MLP:   G 100-256-512-784 (ReLU, tanh); D 784-512-256-1 (LeakyReLU 0.2).
//   DCGAN: G z100 → dense 7·7·128 → BN → ReLU → 5×5 tconv s2 64 → BN → ReLU → 5×5 tconv s2 1
//          → tanh; D 5×5 conv s2 64 → LReLU → 5×5 conv s2 128 → BN → LReLU → dense 1
//          (the architecture of @gantry/models' dcganGenerator/dcganDiscriminator, 28×28×1).
// Loss: non-saturating, on logits: L_D = E[softplus(−D(x))] + E[softplus(D(G(z)))],
// L_G = E[softplus(−D(G(z)))]. Adam(lr 2e-4, β1 0.5, β2 0.999, ε 1e-8). One step = one D
// update on a batch of real data and G(z) (G not differentiated), then one G update.

export const LATENT = 100;

function mlp(tfl) {
  const g = tfl.sequential();
  g.add(tfl.layers.dense({ inputShape: [LATENT], units: 256, activation: 'relu' }));
  g.add(tfl.layers.dense({ units: 512, activation: 'relu' }));
  g.add(tfl.layers.dense({ units: 784, activation: 'tanh' }));
  const d = tfl.sequential();
  d.add(tfl.layers.dense({ inputShape: [784], units: 512 }));
  d.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
  d.add(tfl.layers.dense({ units: 256 }));
  d.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
  d.add(tfl.layers.dense({ units: 1 }));
  return { g, d, dataShape: [784] };
}

function dcgan(tfl) {
  const g = tfl.sequential();
  g.add(tfl.layers.dense({ inputShape: [LATENT], units: 7 * 7 * 128, useBias: false }));
  g.add(tfl.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }));
  g.add(tfl.layers.reLU());
  g.add(tfl.layers.reshape({ targetShape: [7, 7, 128] }));
  const tconv = (filters, extra) =>
    tfl.layers.conv2dTranspose({ filters, kernelSize: 5, strides: 2, padding: 'same', ...extra });
  g.add(tconv(64, { useBias: false }));
  g.add(tfl.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }));
  g.add(tfl.layers.reLU());
  g.add(tconv(1, { activation: 'tanh' }));
  const d = tfl.sequential();
  const conv = (filters, extra = {}) =>
    tfl.layers.conv2d({ filters, kernelSize: 5, strides: 2, padding: 'same', ...extra });
  d.add(conv(64, { inputShape: [28, 28, 1] }));
  d.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
  d.add(conv(128));
  d.add(tfl.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }));
  d.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
  d.add(tfl.layers.flatten());
  d.add(tfl.layers.dense({ units: 1 }));
  return { g, d, dataShape: [28, 28, 1] };
}

export const MODELS = { mlp, dcgan };

/**
 * Builds models, optimizers and a fixed "real" batch; returns `step()` (one GAN step, returns
 * [lossD, lossG] as numbers) and `dispose()`.
 */
export function makeGanStep(tf, tfl, { model, batch = 64, seed = 1 }) {
  tf.util.seedrandom?.(seed);
  const { g, d, dataShape } = MODELS[model](tfl);
  const gVars = g.trainableWeights.map((w) => w.read());
  const dVars = d.trainableWeights.map((w) => w.read());
  const optD = tf.train.adam(2e-4, 0.5, 0.999, 1e-8);
  const optG = tf.train.adam(2e-4, 0.5, 0.999, 1e-8);
  const real = tf.randomUniform([batch, ...dataShape], -1, 1, 'float32', seed);
  let t = 0;
  const step = () => {
    t += 1;
    const fake = tf.tidy(() =>
      g.apply(tf.randomNormal([batch, LATENT], 0, 1, 'float32', seed + 2 * t), { training: true }),
    );
    const lossD = optD.minimize(
      () => {
        const onReal = d.apply(real, { training: true });
        const onFake = d.apply(fake, { training: true });
        return tf.add(tf.mean(tf.softplus(tf.neg(onReal))), tf.mean(tf.softplus(onFake)));
      },
      true,
      dVars,
    );
    fake.dispose();
    const z = tf.randomNormal([batch, LATENT], 0, 1, 'float32', seed + 2 * t + 1);
    const lossG = optG.minimize(
      () =>
        tf.mean(tf.softplus(tf.neg(d.apply(g.apply(z, { training: true }), { training: true })))),
      true,
      gVars,
    );
    z.dispose();
    const losses = [lossD.dataSync()[0], lossG.dataSync()[0]];
    lossD.dispose();
    lossG.dispose();
    return losses;
  };
  const dispose = () => {
    optD.dispose();
    optG.dispose();
    real.dispose();
    g.dispose();
    d.dispose();
  };
  return { step, dispose };
}
