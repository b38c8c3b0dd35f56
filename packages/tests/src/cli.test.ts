import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, workspaceRoot } from './_pack';

const bin = join(workspaceRoot, 'packages/cli/dist/bin.js');

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `gantry` binary as a user would (non-TTY, like CI). */
function gantry(
  args: string[],
  options: { cwd: string; onStderr?: (chunk: string, child: ReturnType<typeof spawn>) => void },
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(String(d), child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('the gantry binary, end to end', () => {
  let cwd = '';
  beforeAll(async () => {
    await buildPackages(['cli']);
    cwd = await mkdtemp(join(tmpdir(), 'gantry-cli-e2e-'));
    await writeFile(
      join(cwd, 'small.yaml'),
      'generatorHidden: [64]\ndiscriminatorHidden: [64]\nmaxoutPieces: 2\nlatentDim: 16\nbatchSize: 16\n',
    );
  });

  it('trains on the embedded MNIST sample and writes the run folder', async () => {
    const r = await gantry(
      [
        'train',
        '--config',
        'small.yaml',
        '--data',
        'mnist-sample',
        '--steps',
        '30',
        '--sample-every',
        '10',
        '--checkpoint-every',
        '15',
        '--seed',
        '1',
        '--backend',
        'cpu',
        '--out',
        'run1',
      ],
      { cwd },
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/gantry train: mnist-sample, model mlp/);
    expect(r.stderr).toMatch(/backend cpu/);
    expect(r.stderr).toMatch(/step 30\/30 \(100%\) epoch 0 lossD \d/);
    expect(r.stdout).toMatch(/trained 30 steps in [\d.]+ s on cpu/);
    expect(r.stdout).toContain(join(cwd, 'run1', 'samples'));
    const run = join(cwd, 'run1');
    expect((await readdir(run)).sort()).toEqual([
      'checkpoints',
      'config.json',
      expect.stringMatching(/^events\.out\.tfevents\.\d+\./),
      'generator',
      'metrics.jsonl',
      'samples',
      'summary.json',
    ]);
    expect((await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(
      30,
    );
    expect(await readdir(join(run, 'samples'))).toEqual([
      'step-000000.png',
      'step-000010.png',
      'step-000020.png',
      'step-000030.png',
    ]);
    const config = JSON.parse(await readFile(join(run, 'config.json'), 'utf8'));
    expect(config.config).toMatchObject({
      generatorHidden: [64],
      batchSize: 16,
      steps: 30,
      seed: 1,
    });
    // The built trainer records the real version of every @gantry package it ran with.
    for (const name of ['core', 'losses', 'datasets', 'models', 'trainer']) {
      const manifest = JSON.parse(
        await readFile(join(workspaceRoot, 'packages', name, 'package.json'), 'utf8'),
      );
      expect(config.versions[`@gantry/${name}`], name).toBe(manifest.version);
    }

    const sample = await gantry(
      ['sample', '--run', 'run1', '--n', '16', '--out', 'grid.png', '--backend', 'cpu'],
      { cwd },
    );
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/grid\.png \(16x28x28x1\)/);
    const png = PNG.sync.read(await readFile(join(cwd, 'grid.png')));
    expect([png.width, png.height]).toEqual([4 * 28 + 5 * 2, 4 * 28 + 5 * 2]);

    // The built eval finds its shipped classifier next to dist/ and writes eval.json.
    const evaluated = await gantry(
      ['eval', '--run', 'run1', '--metric', 'fid,score', '--n', '200'],
      {
        cwd,
      },
    );
    expect(evaluated.stderr).not.toMatch(/error/i);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(
      /Fréchet distance\s+\d+\.\d+ \(mnist classifier features, 200 vs 2,000/,
    );
    expect(evaluated.stdout).toMatch(/Class coverage\s+\d+\/10 classes/);
    const report = JSON.parse(await readFile(join(run, 'eval.json'), 'utf8'));
    expect(report.fid.value).toBeGreaterThan(0);
  });

  it('records the package versions from the CommonJS build too', async () => {
    const cjs = join(workspaceRoot, 'packages/trainer/dist/node.cjs');
    const r = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '-e',
          `process.stdout.write(JSON.stringify(require(${JSON.stringify(cjs)}).packageVersions()))`,
        ],
        { cwd, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const versions = JSON.parse(r);
    const trainer = JSON.parse(
      await readFile(join(workspaceRoot, 'packages/trainer/package.json'), 'utf8'),
    );
    expect(versions['@gantry/trainer']).toBe(trainer.version);
    expect(Object.values(versions)).not.toContain('unknown');
  });

  it('exits 2 with a clear message for a bad flag and a bad config', async () => {
    const flag = await gantry(['train', '--stepz', '10'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/gantry: error \[E_USAGE\]: unknown flag --stepz for gantry train/);
    await writeFile(join(cwd, 'bad.yaml'), 'loss: non-saturating\nbatchSize: -4\n');
    const config = await gantry(['train', '--config', 'bad.yaml'], { cwd });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/--config bad\.yaml: "batchSize" must be a number > 0, got -4/);
    expect(config.stdout).toBe('');
  });

  it('exits 1 with a clear message when the data is missing', async () => {
    const r = await gantry(
      [
        'train',
        '--data',
        'cifar10',
        '--data-dir',
        join(cwd, 'nowhere'),
        '--steps',
        '1',
        '--backend',
        'cpu',
        '--out',
        'run-missing',
      ],
      { cwd },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nowhere/);
  });

  it('stops on SIGINT with a checkpoint (exit 130) and resumes from it', async () => {
    let sent = false;
    const r = await gantry(
      [
        'train',
        '--data',
        'ring2d',
        '--steps',
        '100000',
        '--sample-every',
        '0',
        '--checkpoint-every',
        '0',
        '--backend',
        'cpu',
        '--out',
        'ring',
      ],
      {
        cwd,
        onStderr: (chunk, child) => {
          if (!sent && /step 50\//.test(chunk)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(r.code).toBe(130);
    const m =
      /interrupted at step (\d+); checkpoint saved\. Continue with: gantry train --resume (\S+)/.exec(
        r.stderr,
      );
    expect(m).not.toBeNull();
    const step = Number(m?.[1]);
    expect(step).toBeGreaterThanOrEqual(50);
    const latest = (await readFile(join(cwd, 'ring', 'checkpoints', 'latest'), 'utf8')).trim();
    expect(latest).toBe(`step-${String(step).padStart(6, '0')}`);
    const resumed = await gantry(['train', '--resume', 'ring', '--steps', String(step + 20)], {
      cwd,
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming at step ${step}`);
    const lines = (await readFile(join(cwd, 'ring', 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(step + 20);
    expect(JSON.parse(lines.at(-1) as string).step).toBe(step + 20);
  });

  it('prints machine-readable events with --json', async () => {
    const r = await gantry(
      [
        'train',
        '--data',
        'gaussian1d',
        '--steps',
        '5',
        '--sample-every',
        '0',
        '--backend',
        'cpu',
        '--out',
        'g1',
        '--json',
      ],
      { cwd },
    );
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0].type).toBe('start');
    expect(events.filter((e) => e.type === 'step')).toHaveLength(5);
    expect(events.at(-1).type).toBe('end');
  });

  it('lists data sets and losses', async () => {
    const data = await gantry(['data', 'list'], { cwd });
    expect(data.code).toBe(0);
    for (const name of ['mnist-sample', 'fashion-mnist', 'cifar10', 'ring2d'])
      expect(data.stdout).toContain(name);
    const losses = await gantry(['losses'], { cwd });
    expect(losses.code).toBe(0);
    expect(losses.stdout).toContain('wasserstein-gp');
  });
});
