import { describe, expect, it } from 'vitest';
import { getLoss, LOSS_NAMES, listLosses } from './registry';

const adam = (k: number, lr: number, beta1: number, beta2: number) =>
  ({ k, optimizer: 'adam', lr, beta1, beta2 }) as const;
const DCGAN = adam(1, 2e-4, 0.5, 0.999);

// The papers' numbers (issue 14, item 3), written here from the papers, not read from the code.
const EXPECTED: Record<string, object> = {
  minimax: DCGAN,
  'non-saturating': DCGAN,
  'least-squares': DCGAN,
  lsgan: DCGAN,
  'lsgan-chi2': DCGAN,
  // Arjovsky et al. 2017, Algorithm 1: n_critic 5, RMSProp 5e-5, c 0.01.
  wasserstein: { k: 5, optimizer: 'rmsprop', lr: 5e-5, decay: 0.99, clip: 0.01 },
  // Gulrajani et al. 2017, Algorithm 1: n_critic 5, Adam 1e-4, β (0, 0.9), λ 10.
  'wasserstein-gp': { ...adam(5, 1e-4, 0, 0.9), lambda: 10 },
  // The slides: lr 1e-4, Adam β1 0.5; k and λ ours.
  'regularized-least-squares': { ...adam(1, 1e-4, 0.5, 0.999), lambda: 0.25 },
  // Miyato et al.'s released SN-GAN hinge config.
  hinge: adam(5, 2e-4, 0, 0.9),
  'relativistic-average': DCGAN,
};

describe('paper defaults', () => {
  it.each(LOSS_NAMES)('%s carries its paper’s training setup', (name) => {
    const { paperDefaults } = getLoss(name);
    const { source, ...numbers } = paperDefaults;
    expect(numbers).toEqual(EXPECTED[name]);
    expect(source.length).toBeGreaterThan(40);
    expect(Object.isFrozen(paperDefaults)).toBe(true);
  });

  it('cites the paper (and the code where it differs) for each', () => {
    const source = (name: string) => getLoss(name).paperDefaults.source;
    expect(source('minimax')).toMatch(/Goodfellow et al\. 2014.*Radford et al\. 2015/);
    expect(source('non-saturating')).toMatch(/Goodfellow et al\. 2014.*Radford et al\. 2015/);
    expect(source('lsgan')).toMatch(/Mao et al\. 2017.*1e-3/);
    expect(source('wasserstein')).toMatch(/Arjovsky et al\. 2017, Algorithm 1/);
    expect(source('wasserstein-gp')).toMatch(/Gulrajani et al\. 2017.*code.*beta1 0\.5/);
    expect(source('regularized-least-squares')).toMatch(/slides.*k = 1 is ours/);
    expect(source('hinge')).toMatch(/Miyato et al\. 2018/);
    expect(source('relativistic-average')).toMatch(/Jolicoeur-Martineau 2018/);
  });

  it('recommendedOptimizer is the paper’s optimizer; option defaults agree with the paper', () => {
    for (const name of LOSS_NAMES) {
      const loss = getLoss(name);
      expect(loss.recommendedOptimizer, name).toBe(loss.paperDefaults.optimizer);
    }
    expect(getLoss('wasserstein').options.clip).toBe(getLoss('wasserstein').paperDefaults.clip);
    expect(getLoss('wasserstein-gp').options.lambda).toBe(10);
    expect(getLoss('regularized-least-squares').options.lambda).toBe(0.25);
    // Options change the loss, not the record of what the paper used.
    expect(getLoss('wasserstein-gp', { lambda: 1 }).paperDefaults.lambda).toBe(10);
  });

  it('listLosses() returns them with their source', () => {
    const listed = listLosses();
    expect(listed.map((l) => l.name)).toEqual(LOSS_NAMES);
    for (const l of listed) expect(l.paperDefaults).toEqual(getLoss(l.name).paperDefaults);
    expect(listed.find((l) => l.name === 'wasserstein-gp')?.paperDefaults.k).toBe(5);
  });
});
