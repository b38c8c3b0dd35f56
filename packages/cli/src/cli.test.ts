import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './__tests__/runCli';

describe('gantry (in-process)', () => {
  it('prints usage for --help at every level, exit 0', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const sub of ['train', 'sample', 'eval', 'data', 'losses', 'theory'])
      expect(top.out).toContain(sub);
    const train = await cli('train', '--help');
    expect(train.code).toBe(0);
    for (const flag of [
      '--data',
      '--loss',
      '--steps',
      '--batch-size',
      '--lr-d',
      '--lr-g',
      '--k',
      '--resume',
      '--config',
      '--json',
    ]) {
      expect(train.out).toContain(flag);
    }
    const download = await cli('data', 'download', '--help');
    expect(download.out).toContain('--mirror');
  });

  it('exits 2 with a message naming an unknown flag, a bad value or a bad command', async () => {
    const unknown = await cli('train', '--bogus', '3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /unknown flag --bogus for gantry train; known: --help, --config, --data,/,
    );
    const bad = await cli('train', '--steps', 'ten');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--steps expects an integer, got "ten"');
    const missing = await cli('train', '--data');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('flag --data of gantry train needs a value');
    const loss = await cli('train', '--loss', 'wgan-xyz', '--steps', '1');
    expect(loss.code).toBe(2);
    expect(loss.err).toMatch(/unknown loss "wgan-xyz"; known: minimax, non-saturating/);
    const data = await cli('train', '--data', 'imagenet');
    expect(data.code).toBe(2);
    expect(data.err).toMatch(/unknown data "imagenet"; known: mnist-sample, mnist, fashion-mnist/);
    const command = await cli('fly');
    expect(command.code).toBe(2);
    expect(command.err).toContain('Unknown command fly');
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toContain('USAGE');
  });

  it('exits 2 for a config file with an unknown key or a bad value, naming the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-cli-'));
    const yaml = join(dir, 'bad.yaml');
    await writeFile(yaml, 'data: ring2d\nlearningRate: 0.1\n');
    const r1 = await cli('train', '--config', yaml);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(
      /--config .*bad\.yaml: unknown key "learningRate"; allowed keys: data, dataDir/,
    );
    const json = join(dir, 'bad.json');
    await writeFile(json, JSON.stringify({ optimizer: 'adagrad' }));
    const r2 = await cli('train', '--config', json);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/"optimizer": Invalid option: expected one of "sgd"\|"adam"\|"rmsprop"/);
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'data: [ring2d\n');
    const r3 = await cli('train', '--config', broken);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/not valid YAML/);
    const r4 = await cli('train', '--config', join(dir, 'missing.yaml'));
    expect(r4.code).toBe(2);
    expect(r4.err).toMatch(/cannot read it \(ENOENT\)/);
  });

  it('lets --steps replace the epochs of a config file (flags win)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-cli-'));
    const yaml = join(dir, 'slides.yaml');
    await writeFile(
      yaml,
      'data: mnist-sample\nmodel: mlp\ngeneratorHidden: [8]\ndiscriminatorHidden: [8]\nlatentDim: 4\nepochs: 20\n',
    );
    const out = join(dir, 'run');
    const r = await cli(
      'train',
      '--config',
      yaml,
      '--steps',
      '2',
      '--backend',
      'cpu',
      '--out',
      out,
    );
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const saved = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(saved.config.steps).toBe(2);
    expect(saved.config.epochs).toBeUndefined();
  });

  it('evaluates a run: a table, eval.json, JSON output, and clear usage errors', async () => {
    const help = await cli('eval', '--help');
    for (const flag of ['--run', '--metric', '--n', '--against', '--data', '--json'])
      expect(help.out).toContain(flag);
    const none = await cli('eval');
    expect(none.code).toBe(2);
    expect(none.err).toContain('gantry eval needs --run DIR');
    const metric = await cli('eval', '--run', 'x', '--metric', 'fid,bogus');
    expect(metric.code).toBe(2);
    expect(metric.err).toContain('unknown metric "bogus"; known: parzen, fid, kid, score, modes');

    const dir = await mkdtemp(join(tmpdir(), 'gantry-cli-eval-'));
    const run = join(dir, 'ring');
    const train = await cli(
      'train',
      '--data',
      'ring2d',
      '--steps',
      '30',
      '--backend',
      'cpu',
      '--out',
      run,
    );
    expect(train.code).toBe(0);
    const table = await cli('eval', '--run', run, '--n', '400', '--backend', 'cpu');
    expect(table.err).not.toMatch(/error/);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/Modes captured \(PacGAN\)\s+\d\/8/);
    expect(table.out).toMatch(/Modes captured \(VEEGAN\)\s+\d\/8/);
    expect(table.out).toMatch(/Modes, strict \(Gantry\)\s+\d\/8/);
    expect(table.out).toMatch(/JSD\(p_data, KDE of p_g\)\s+0\.\d+/);
    expect(table.out).toMatch(/mean D\(x\) \/ D\(G\(z\)\)/);
    expect(table.out).toContain('skipped fid: fid scores images; ring2d is a toy distribution');
    const saved = JSON.parse(await readFile(join(run, 'eval.json'), 'utf8'));
    expect(saved).toMatchObject({ subject: 'generator', data: 'ring2d', n: 400 });

    const json = await cli(
      'eval',
      '--run',
      run,
      '--metric',
      'modes',
      '--n',
      '300',
      '--json',
      '--backend',
      'cpu',
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).modes.n).toBe(300);
    const wrong = await cli('eval', '--run', run, '--metric', 'fid', '--backend', 'cpu');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--metric fid: fid scores images; ring2d is a toy distribution');

    const real = await cli(
      'eval',
      '--data',
      'ring2d',
      '--against',
      'real',
      '--metric',
      'modes',
      '--backend',
      'cpu',
    );
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/real ring2d data \(reference row\)/);
    expect(real.out).toMatch(/Modes captured \(PacGAN\)\s+8\/8/);
    expect(real.out).toMatch(/2,500 samples/);
  }, 60_000);

  it('lists the losses and prints the theory table', async () => {
    const losses = await cli('losses');
    expect(losses.code).toBe(0);
    for (const name of [
      'minimax',
      'non-saturating',
      'least-squares',
      'wasserstein-gp',
      'hinge',
      'relativistic-average',
    ]) {
      expect(losses.out).toContain(name);
    }
    // Each loss's paper setup with its source (issue 14 item 3).
    expect(losses.out).toMatch(
      /wasserstein-gp .*\n\s+paper defaults: k=5, adam lr=0\.0001 beta1=0 beta2=0\.9, lambda=10\n\s+source: Gulrajani et al\. 2017/,
    );
    const theory = await cli('theory', '--steps', '3');
    expect(theory.code).toBe(0);
    const rows = theory.out.trim().split('\n').slice(-3);
    expect(rows[2]).toMatch(
      /^\s+1\.00\s+2\.000\s+0\.500\s+0\.000000\s+-1\.386294\s+0\.000000\s+0\.5000\s+0\.5000$/,
    );
    const json = JSON.parse((await cli('theory', '--steps', '2', '--json')).out);
    expect(json).toHaveLength(2);
  });
});
