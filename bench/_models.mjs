// The GAN steps of the benchmark, built from @gantry/models' architectures and @gantry/losses'
// gradient penalty (their built dist/, the same code users run); bench/torch_bench.py builds the
// same networks in PyTorch.
//   mlp:       G 100-256-512-784 (ReLU, tanh); D 784-512-256-1 (LeakyReLU 0.2), no dropout
//              (mlpGenerator / mlpDiscriminator with maxoutPieces 0).
//   dcgan:     dcganGenerator / dcganDiscriminator 28×28×1 (G dense 7·7·128 → BN → ReLU → 5×5
//              tconv s2 64 → BN → ReLU → 5×5 tconv s2 1 → tanh; D 5×5 conv s2 64 → LReLU → 5×5
//              conv s2 128 → BN → LReLU → dense 1). tfjs-layers' BN: ε 1e-3, momentum 0.99.
//   wgangp:    the same DCGAN, critic without normalisation, WGAN-GP critic loss
//              E f(G(z)) − E f(x) + λ·E(‖∇f(x̂)‖₂ − 1)², λ 10 (a gradient of a gradient).
//   wgangp-ln: as wgangp with layer normalisation in the critic (over H, W, C; ε 1e-3), what
//              Gulrajani et al. recommend with a gradient penalty.
// Loss of mlp/dcgan: non-saturating, on logits: L_D = E[softplus(−D(x))] + E[softplus(D(G(z)))],
// L_G = E[softplus(−D(G(z)))]; Adam(2e-4, β₁ 0.5, β₂ 0.999, ε 1e-8). WGAN-GP: Adam(1e-4, 0.5,
// 0.9) (the paper's code), L_G = −E f(G(z)). One step = one D update on a batch of real data and
// G(z) (G not differentiated), then one G update (n_critic = 1: the cost of one of each). The
// optimizer is @gantry/trainer's createOptimizer, the one `gantry train` runs (with the backend's
// fused update where it has one; `fused: false` runs the separate element-wise ops).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const LATENT = 100;
export const STEP_NAMES = ['mlp', 'dcgan', 'wgangp', 'wgangp-ln'];

const root = resolve(import.meta.dirname, '..');
const dist = (pkg) => pathToFileURL(resolve(root, 'packages', pkg, 'dist/index.js')).href;

/** @gantry/models, losses, core and trainer from their built dist/ (turbo builds them). */
export async function loadGantry() {
  const [models, losses, core, trainer] = await Promise.all([
    import(dist('models')),
    import(dist('losses')),
    import(dist('core')),
    import(dist('trainer')),
  ]);
  return { models, losses, core, trainer };
}

/** The generator and discriminator of step `name`, from @gantry/models. */
export function buildNetworks(models, name) {
  if (name === 'mlp') {
    return {
      g: models.mlpGenerator({
        latentDim: LATENT,
        outputShape: [784],
        hidden: [256, 512],
        seed: 1,
      }),
      d: models.mlpDiscriminator({
        inputShape: [784],
        hidden: [512, 256],
        maxoutPieces: 0,
        dropout: 0,
        inputDropout: 0,
        seed: 1,
      }),
      dataShape: [784],
    };
  }
  const normalization = { dcgan: 'batch', wgangp: 'none', 'wgangp-ln': 'layer' }[name];
  if (normalization === undefined) throw new Error(`unknown step ${name}; known: ${STEP_NAMES}`);
  return {
    g: models.dcganGenerator({ outputShape: [28, 28, 1], seed: 1 }),
    d: models.dcganDiscriminator({ inputShape: [28, 28, 1], normalization, seed: 1 }),
    dataShape: [28, 28, 1],
  };
}

/**
 * Builds models, optimizers and a fixed "real" batch; returns `step()` (one GAN step, returns
 * [lossD, lossG] as numbers, or with `read: false` as unread scalar tensors the caller frees:
 * a GPU backend's queued steps) and `dispose()`. `gantry` is {@link loadGantry}'s result.
 */
export function makeGanStep(
  tf,
  gantry,
  { model, batch = 64, seed = 1, read = true, fused = true },
) {
  const { g, d, dataShape } = buildNetworks(gantry.models, model);
  const wgan = model.startsWith('wgangp');
  const gVars = g.trainableWeights.map((w) => w.read());
  const dVars = d.trainableWeights.map((w) => w.read());
  const [lr, beta2] = wgan ? [1e-4, 0.9] : [2e-4, 0.999];
  const adam = { kind: 'adam', lr, beta1: 0.5, beta2, epsilon: 1e-8 };
  const optD = gantry.trainer.createOptimizer(adam, { fused });
  const optG = gantry.trainer.createOptimizer(adam, { fused });
  // value of f, after one update of `vars` by `opt` with ∇f (the gradients freed).
  const minimize = (opt, f, vars) =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(f, vars);
      opt.apply(
        vars,
        vars.map((v) => grads[v.name]),
      );
      return value;
    });
  const real = tf.randomUniform([batch, ...dataShape], -1, 1, 'float32', seed);
  const rng = gantry.core.createRng(seed);
  const critic = (x) => d.apply(x, { training: true });
  let t = 0;
  const step = () => {
    t += 1;
    const fake = tf.tidy(() =>
      g.apply(tf.randomNormal([batch, LATENT], 0, 1, 'float32', seed + 2 * t), { training: true }),
    );
    const lossD = minimize(
      optD,
      () => {
        const onReal = critic(real);
        const onFake = critic(fake);
        if (!wgan) {
          return tf.add(tf.mean(tf.softplus(tf.neg(onReal))), tf.mean(tf.softplus(onFake)));
        }
        const gp = gantry.losses.gradientPenalty(critic, real, fake, { lambda: 10, rng });
        return tf.add(tf.sub(tf.mean(onFake), tf.mean(onReal)), gp);
      },
      dVars,
    );
    fake.dispose();
    const z = tf.randomNormal([batch, LATENT], 0, 1, 'float32', seed + 2 * t + 1);
    const lossG = minimize(
      optG,
      () => {
        const out = critic(g.apply(z, { training: true }));
        return wgan ? tf.neg(tf.mean(out)) : tf.mean(tf.softplus(tf.neg(out)));
      },
      gVars,
    );
    z.dispose();
    if (!read) return [lossD, lossG];
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
