import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFastBackend } from '@gantry/test-utils';
import { encodePng } from '@gantry/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './__tests__/runCli';
import { CONFIG_LIMITS } from './commands/configFile';

let dir = '';
beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
  dir = await mkdtemp(join(tmpdir(), 'gantry-usage-'));
});

/** A config file in the test folder. */
async function config(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Runs `gantry …` and expects a usage error (exit 2) whose message matches `pattern`. */
async function usage(argv: string[], pattern: RegExp): Promise<string> {
  const r = await cli(...argv);
  expect(r.err, argv.join(' ')).toMatch(pattern);
  expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(2);
  return r.err;
}

describe('errors name flags, in plain words', () => {
  it('says what a flag must be, not the internal key or zod wording', async () => {
    const err = await usage(
      ['train', '--lr-d=-1'],
      /error \[E_USAGE\]: --lr-d must be a number > 0, got -1\n/,
    );
    expect(err).not.toMatch(/lrD|Too small|flags:/);
    await usage(['train', '--channels', '2'], /--channels must be 1 or 3, got 2/);
    await usage(
      ['train', '--optimizer', 'adamm'],
      /--optimizer must be one of sgd, adam, rmsprop, got "adamm"; did you mean "adam"\?/,
    );
    await usage(['train', '--steps', '2.5'], /--steps expects an integer, got "2.5"/);
  });

  it('suggests the flag meant, for a typo and for snake_case or camelCase spellings', async () => {
    await usage(
      ['train', '--stpes', '3'],
      /unknown flag --stpes for gantry train; did you mean --steps\?/,
    );
    await usage(
      ['train', '--batch_size', '3'],
      /unknown flag --batch_size .*did you mean --batch-size\?/,
    );
    await usage(['train', '--latentDim', '3'], /did you mean --latent-dim\?/);
    await usage(
      ['sample', '--seeed', '3'],
      /unknown flag --seeed for gantry sample; did you mean --seed\?/,
    );
    const none = await usage(['train', '--bogus', '3'], /unknown flag --bogus/);
    expect(none).not.toMatch(/did you mean/);
    // citty would read -steps as -s -t -e -p -s (found by the flags fuzz format).
    await usage(
      ['train', '-checkpoint-every', '5'],
      /-checkpoint-every for gantry train: a flag of more than one letter takes two dashes \(--checkpoint-every\)/,
    );
  });

  it('names the flag of a loss option, of the model and of the data (found by the fuzz formats)', async () => {
    await usage(
      ['train', '--loss-options', 'lambda=10'],
      /--loss-options: loss "non-saturating" has no option "lambda"; known:/,
    );
    // Checked even when --optimizer is given (the loss was once only checked for its optimizer).
    await usage(
      ['train', '--loss-options', 'lambda=10', '--optimizer', 'adam'],
      /--loss-options: loss "non-saturating" has no option "lambda"/,
    );
    await usage(
      ['train', '--model', 'toy-mlp'],
      /--model "toy-mlp" needs toy data \(.*\); --data is mnist-sample/,
    );
  });

  it('suggests the config key meant, including the snake_case a PyTorch user types', async () => {
    const file = await config('snake.yaml', 'batch_size: 32\nlatent_dim: 8\n');
    const err = await usage(
      ['train', '--config', file],
      /unknown keys "batch_size"; did you mean "batchSize"\?, "latent_dim"; did you mean "latentDim"\?; allowed keys: data,/,
    );
    expect(err).toContain(`--config ${file}`);
  });

  it('speaks of flags where a library error speaks of options', async () => {
    const out = join(dir, 'taken');
    const first = await cli(
      'train',
      '--data',
      'ring2d',
      '--steps',
      '1',
      '--sample-every',
      '0',
      '--backend',
      'cpu',
      '--out',
      out,
    );
    expect(first.code, first.err).toBe(0);
    await usage(
      ['train', '--data', 'ring2d', '--out', out],
      /already holds a run: continue it \(--resume\) or choose another --out\n/,
    );
  });
});

describe('every number has an upper bound, checked before anything is allocated', () => {
  it('names the flag or key and the limit', async () => {
    const before = tf.memory().numBytes;
    await usage(
      ['train', '--batch-size', '1e9'],
      /--batch-size must be a number ≤ 65536, got 1000000000/,
    );
    await usage(
      ['train', '--latent-dim', '1e9'],
      /--latent-dim must be a number ≤ 4096, got 1000000000/,
    );
    await usage(
      ['train', '--steps', '1e12'],
      /--steps must be a number ≤ 10000000, got 1000000000000/,
    );
    await usage(['train', '--image-size', '1e6'], /--image-size must be a number ≤ 1024/);
    await usage(['train', '--epochs', '1e9'], /--epochs must be a number ≤ 10000/);
    const k = await config(
      'k.yaml',
      'k: 1000000000\ngeneratorHidden: [1000000000]\nsampleCount: 1e9\n',
    );
    await usage(
      ['train', '--config', k],
      /"k" must be a number ≤ 100, got 1000000000\n.*"generatorHidden\[0\]" must be a number ≤ 16384, got 1000000000\n.*"sampleCount" must be a number ≤ 4096/,
    );
    // Within every bound, but too big together: the networks' budget.
    const wide = await config('wide.yaml', 'generatorHidden: [16384, 16384]\n');
    await usage(
      ['train', '--config', wide],
      /the generator would have 282,362,640 trainable parameters, more than the limit of 25,000,000/,
    );
    await usage(
      ['train', '--batch-size', '65536'],
      /a batch of 65,536 samples would make 207,683,584 values .* use a smaller --batch-size/,
    );
    await usage(
      ['sample', '--run', 'x', '--n', '1e6'],
      /--n must be between 1 and 4096, got 1000000/,
    );
    await usage(
      ['theory', '--data-std', '1e300'],
      /--data-std must be between 0.000001 and 1000000, got 1e\+300/,
    );
    expect(tf.memory().numBytes).toBe(before);
  });
});

describe('config files: bounded, plain values only', () => {
  it('refuses an unknown YAML tag instead of reading it as a string', async () => {
    const out = join(dir, 'regexp-out');
    const file = await config('tag.yaml', `data: ring2d\nout: !!js/regexp ${out}/\n`);
    await usage(
      ['train', '--config', file],
      /tag\.yaml: line 2: unknown tag !!js\/regexp; a config holds plain/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('caps the size and the key count before parsing, fast', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const started = performance.now();
    await usage(
      ['train', '--config', await config('huge.yaml', keys)],
      /huge\.yaml: 1,[\d,]+ bytes is more than a config may hold \(65,536\)/,
    );
    const many = Array.from({ length: 1200 }, (_, i) => `k${i}:1`).join(',');
    expect(many.length).toBeLessThan(CONFIG_LIMITS.bytes);
    await usage(
      ['train', '--config', await config('many.yaml', `{${many}}`)],
      /1,200 ":" separators is more keys than a config may hold \(1,000\)/,
    );
    await usage(
      ['train', '--config', await config('many.json', `{${many.replace(/k(\d+)/g, '"k$1"')}}`)],
      /many\.json: 1,200 ":" separators/,
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses a FIFO or a folder named as the config without waiting on it', async () => {
    const fifo = join(dir, 'fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await usage(['train', '--config', fifo], /fifo\.yaml: not a regular file/);
    await usage(['train', '--config', dir], /: not a regular file/);
  });
});

describe('paths: typed errors naming them, before the slow work', () => {
  it('refuses an --out that names a file, a name too long, and a folder in /proc', async () => {
    const file = await config('a-file', 'x');
    const started = performance.now();
    await usage(
      ['train', '--data', 'ring2d', '--out', file],
      new RegExp(
        `--out ${file}: a file is in the way where a folder should be while creating the run folder \\(ENOTDIR\\)`,
      ),
    );
    await usage(
      ['train', '--data', 'ring2d', '--out', join(dir, 'n'.repeat(300))],
      /--out .*n…n+ \(\d+ characters\): the name is too long for the file system while creating the run folder \(ENAMETOOLONG\)/,
    );
    await usage(
      ['train', '--data', 'ring2d', '--out', '/proc/gantry/run'],
      /--out \/proc\/gantry: .* while creating the run folder \((ENOENT|EACCES)\)/,
    );
    await usage(
      ['data', 'download', 'mnist', '--cache-dir', '/proc/gantry'],
      /--cache-dir \/proc\/gantry: .*creating the download folder/,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('writes sample grids as PNG only, into a folder that exists', async () => {
    await usage(
      ['sample', '--run', 'nowhere', '--out', 'grid.jpg'],
      /--out grid\.jpg: sample grids are written as PNG; give a file name ending in \.png/,
    );
    await usage(
      ['sample', '--run', 'nowhere', '--out', join(dir, 'missing', 'g.png')],
      /--out .*missing: no such file or folder/,
    );
    expect(existsSync('grid.jpg')).toBe(false);
  });
});

describe('commands check what they can before working', () => {
  it('eval --metric modes on an image run is a usage error before any sample is drawn', async () => {
    const run = join(dir, 'digits');
    const trained = await cli(
      'train',
      '--data',
      'mnist-sample',
      '--steps',
      '1',
      '--batch-size',
      '8',
      '--latent-dim',
      '4',
      '--sample-every',
      '0',
      '--backend',
      'cpu',
      '--out',
      run,
    );
    expect(trained.code, trained.err).toBe(0);
    const r = await cli(
      'eval',
      '--run',
      run,
      '--metric',
      'modes',
      '--n',
      '100',
      '--backend',
      'cpu',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '--metric modes: modes is for 2-D/1-D toy data; mnist-sample is images',
    );
    expect(r.err).not.toMatch(/generate/); // the progress line of drawing samples
    await usage(
      ['eval', '--run', run, '--out', join(dir, 'missing', 'e.json')],
      /--out .*missing: no such file or folder/,
    );
  });

  it('data info: an unknown name exits 2 as train does; unreadable PNGs are said', async () => {
    await usage(['data', 'info', 'bogus'], /unknown data "bogus"/);
    await usage(['train', '--data', 'bogus'], /unknown data "bogus"/);
    const pngs = join(dir, 'pngs');
    await mkdir(pngs);
    const png = encodePng({ width: 4, height: 4, data: new Uint8Array(64).fill(200) });
    await writeFile(join(pngs, 'a.png'), png);
    await writeFile(join(pngs, 'b.png'), png.subarray(0, 30));
    const r = await cli('data', 'info', 'image-folder', '--data-dir', pngs);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/image-folder\/pngs: 1 images of 28x28x1/);
    expect(r.err).toMatch(/^warning: skipped .*b\.png: /m);
    expect((await readdir(pngs)).sort()).toEqual(['a.png', 'b.png']);
  });
});

describe('--threads', () => {
  it('goes to the backend, and config.json records the threads it computed with', async () => {
    const out = join(dir, 'threads');
    const r = await cli(
      'train',
      '--data',
      'ring2d',
      '--steps',
      '2',
      '--sample-every',
      '0',
      '--backend',
      'native',
      '--threads',
      '1',
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    const record = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(record.backend).toMatchObject({ name: 'native', threads: 1 });
    for (const argv of [['train'], ['sample', '--run', out], ['eval', '--run', out]]) {
      await usage([...argv, '--threads', '0'], /--threads must be between 1 and 1024, got 0/);
    }
    await usage(['train', '--threads', '2.5'], /--threads expects an integer, got "2.5"/);
  });
});
