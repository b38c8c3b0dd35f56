import type { GanLoss, PaperDefaults } from './types';

/** DCGAN's optimizer (Radford et al. 2015, §4): Adam, lr 2e-4, β₁ 0.5; β₂ unstated, Adam's 0.999. */
const DCGAN_ADAM = { optimizer: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 } as const;

const LSGAN: PaperDefaults = {
  k: 1,
  ...DCGAN_ADAM,
  source:
    'Mao et al. 2017 (LSGAN), code xudonmao/LSGAN: Adam beta1 0.5 (beta2 TensorFlow default ' +
    '0.999), one D and one G step per iteration; lr 2e-4 as for their 28x28 handwritten ' +
    'Chinese characters (train_chn.py), the setting nearest MNIST; their 112x112 LSUN scenes ' +
    'used lr 1e-3 (train_lsun.py)',
};

/**
 * Each registry loss's paper defaults, by registry name. Sources are read from the papers and,
 * where the paper is silent or differs, from the authors' released code (named in `source`).
 */
const PAPER_DEFAULTS: Readonly<Record<string, PaperDefaults>> = {
  minimax: {
    k: 1,
    ...DCGAN_ADAM,
    source:
      'Goodfellow et al. 2014, Algorithm 1 (k = 1); optimizer of Radford et al. 2015 (DCGAN ' +
      '§4: Adam, lr 2e-4, beta1 0.5; beta2 unstated, Adam default 0.999). Goodfellow et al. ' +
      'trained with SGD + momentum (goodfeli/adversarial: lr 0.1, momentum 0.5 -> 0.7)',
  },
  'non-saturating': {
    k: 1,
    ...DCGAN_ADAM,
    source:
      'Goodfellow et al. 2014, §3 (non-saturating G) and Algorithm 1 (k = 1); optimizer of ' +
      'Radford et al. 2015 (DCGAN §4: Adam, lr 2e-4, beta1 0.5; beta2 unstated, Adam default ' +
      '0.999)',
  },
  'least-squares': LSGAN,
  lsgan: LSGAN,
  'lsgan-chi2': LSGAN,
  wasserstein: {
    k: 5,
    optimizer: 'rmsprop',
    lr: 5e-5,
    decay: 0.99,
    clip: 0.01,
    source:
      'Arjovsky et al. 2017, Algorithm 1 (RMSProp, lr 5e-5, c = 0.01, n_critic = 5); decay ' +
      '0.99 is PyTorch RMSprop default in their code (martinarjovsky/WassersteinGAN), which ' +
      'also runs 100 critic steps for the first 25 generator steps and every 500th (not ' +
      'expressed by k)',
  },
  'wasserstein-gp': {
    k: 5,
    optimizer: 'adam',
    lr: 1e-4,
    beta1: 0,
    beta2: 0.9,
    lambda: 10,
    source:
      'Gulrajani et al. 2017, Algorithm 1 (lambda = 10, n_critic = 5, Adam lr 1e-4, beta1 0, ' +
      'beta2 0.9); their code (igul222/improved_wgan_training) uses beta1 0.5, and lambda 0.1 ' +
      'on the toy data (gan_toy.py), which Gantry takes for ring2d',
  },
  'regularized-least-squares': {
    k: 1,
    optimizer: 'adam',
    lr: 1e-4,
    beta1: 0.5,
    beta2: 0.999,
    lambda: 0.25,
    source:
      "the slides' experiment (Adam lr 1e-4, beta1 0.5; beta2 unstated, Adam default 0.999). " +
      'k = 1 is ours: the slides give none, and the D is plain LSGAN, trained with one D ' +
      'step per G step by Mao et al. (and DCGAN). lambda = 1/4 is ours (README: the ' +
      'regularised LSGAN and its lambda)',
  },
  hinge: {
    k: 5,
    optimizer: 'adam',
    lr: 2e-4,
    beta1: 0,
    beta2: 0.9,
    source:
      'Miyato et al. 2018 (SN-GAN; loss of Lim & Ye 2017), released config ' +
      'pfnet-research/sngan_projection configs/sn_cifar10_unconditional.yml: hinge, Adam lr ' +
      '2e-4, beta1 0, beta2 0.9, n_dis = 5; tuned with spectral normalisation in D, which ' +
      'Gantry does not add',
  },
  'relativistic-average': {
    k: 1,
    ...DCGAN_ADAM,
    source:
      'Jolicoeur-Martineau 2018, the DCGAN setup of the CIFAR-10 runs (code ' +
      'AlexiaJM/RelativisticGAN stable.sh: Adam lr 2e-4, beta1 0.5, beta2 0.999, n_D = 1); the ' +
      'paper also runs a WGAN-GP setup (lr 1e-4, betas (0.5, 0.9), n_D = 5)',
  },
};
for (const entry of Object.values(PAPER_DEFAULTS)) Object.freeze(entry);

/** `paperDefaults` (frozen) and the `recommendedOptimizer` derived from it, for loss `name`. */
export function paperFields(name: string): Pick<GanLoss, 'paperDefaults' | 'recommendedOptimizer'> {
  const paperDefaults = PAPER_DEFAULTS[name] as PaperDefaults;
  return { paperDefaults, recommendedOptimizer: paperDefaults.optimizer };
}
