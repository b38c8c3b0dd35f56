import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listEventFiles, readEventFile } from '@gantry/tensorboard/node';
import { useFastBackend } from '@gantry/test-utils';
import { type Browser, launchChromium } from '@gantry/test-utils/chromium';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../__tests__/runCli';

const artifacts = resolve(import.meta.dirname, '../../test-artifacts');
let dir = '';
let run = '';
let sweep = '';
let browser: Browser | undefined;
let browserError: unknown;

let configFile = '';
let backend = 'cpu';

/** A small MLP on the embedded MNIST digits (config file): 30 steps, a grid every 5. */
const trainArgs = (out: string, lr: string) => [
  'train',
  '--config',
  configFile,
  '--lr-d',
  lr,
  '--backend',
  backend,
  '--out',
  out,
];

/** A sweep folder as the sweeps runner writes it (summary.json format 1) around two real runs. */
async function makeSweep(root: string): Promise<string> {
  const folder = join(root, 'sweep');
  await mkdir(join(folder, 'jobs'), { recursive: true });
  await cp(run, join(folder, 'jobs', 'lr-5e-4'), { recursive: true });
  const other = await cli(...trainArgs(join(folder, 'jobs', 'lr-2e-4'), '0.0002'));
  expect(other.code).toBe(0);
  const config = async (id: string) =>
    JSON.parse(
      await readFile(join(folder, 'jobs', id, 'config.json'), 'utf8').catch(() => '{"config":{}}'),
    ).config;
  const done = async (id: string) => ({
    id,
    config: await config(id),
    status: 'done',
    runDir: `jobs/${id}`,
    attempts: 1,
    seconds: 3.5,
    final: { step: 30, lossD: 1.2, lossG: 0.8, dReal: 0.55, dFake: 0.45 },
  });
  const summary = {
    format: 1,
    sweep: {
      name: 'lr <sweep>',
      base: { data: 'mnist-sample', steps: 30 },
      grid: { lrD: [0.0005, 0.0002, 0.01] },
      created: '2026-01-01T00:00:00.000Z',
    },
    jobs: [
      {
        ...(await done('lr-5e-4')),
        eval: JSON.parse(await readFile(join(run, 'eval.json'), 'utf8')),
      },
      await done('lr-2e-4'),
      {
        id: 'lr-1e-2',
        // A sweep records every job's resolved config, a failed one's too.
        config: { ...(await config('lr-2e-4')), lrD: 0.01 },
        status: 'failed',
        runDir: 'jobs/lr-1e-2',
        attempts: 2,
        error: { code: 'E_NONFINITE_LOSS', message: 'training diverged: lossD is NaN at step 7' },
      },
    ],
  };
  await writeFile(join(folder, 'summary.json'), JSON.stringify(summary));
  return folder;
}

beforeAll(async () => {
  await useFastBackend(() => import('@gantry/backend-native'));
  backend = tf.getBackend(); // native when its addon built, else cpu
  dir = await mkdtemp(join(tmpdir(), 'gantry-cli-report-'));
  configFile = join(dir, 'small.json');
  const small = {
    data: 'mnist-sample',
    generatorHidden: [32],
    discriminatorHidden: [32],
    latentDim: 16,
    batchSize: 16,
    steps: 30,
    sampleEvery: 5,
  };
  await writeFile(configFile, JSON.stringify(small));
  run = join(dir, 'mnist');
  const train = await cli(...trainArgs(run, '0.0005'));
  expect(train.code, train.err).toBe(0);
  expect(train.out).toContain(`events:     ${run}/events.out.tfevents.*`);
  expect(train.out).toContain(`tensorboard --logdir ${run}`);
  expect(train.err).toContain(`watch it:   tensorboard --logdir ${run}`);
  const evaluated = await cli(
    'eval',
    ...['--run', run, '--metric', 'diagnostics', '--n', '200', '--backend', backend],
  );
  expect(evaluated.code, evaluated.err).toBe(0);
  expect(evaluated.err).toMatch(/tensorboard: .*events\.out\.tfevents\..*\.eval/);
  sweep = await makeSweep(dir);
  try {
    browser = await launchChromium();
  } catch (error) {
    browserError = error;
  }
}, 300_000);
afterAll(() => browser?.close());

/** Opens a report file in Chromium, refusing every request; returns what the page asked for. */
async function openReport(file: string, screenshot: string) {
  if (!browser) throw browserError ?? new Error('Chromium did not start');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  const url = pathToFileURL(file).href;
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, screenshot), fullPage: true });
  return { page, errors, requests };
}

describe('gantry report --run', () => {
  it('writes one page: curves, D outputs with ½, V(D, G) against −log 4, samples, eval, config', async () => {
    const { code, out, err } = await cli('report', '--run', run);
    expect(code, err).toBe(0);
    const file = out.trim();
    expect(file).toBe(join(run, 'report.html'));
    expect(err).toMatch(/wrote \d+ KB: one page, nothing fetched/);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('Gantry run: mnist');
    expect(html).toContain('loss <b>non-saturating</b>');
    for (const title of ['losses', 'mean D(x), D(G(z))', 'V(D, G) = −(loss D − penalty) ≤ C(G)'])
      expect(html).toContain(`aria-label="${title}"`);
    expect(html.match(/<figcaption>step \d+<\/figcaption>/g)).toHaveLength(7); // 0, 5, …, 30
    expect(html).toContain('<td>mean D(x) / D(G(z))</td>');
    expect(html).toContain('<td>batchSize</td><td>16</td>');
    expect(html).toContain('@gantry/trainer');
  });

  it('opens in Chromium with no console error and no request', async () => {
    const file = join(run, 'report.html');
    const { page, errors, requests } = await openReport(file, 'report-run.png');
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(4);
    const images = await page
      .locator('img')
      .evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((i) => i.complete && i.naturalWidth > 0),
      );
    expect(images).toHaveLength(7);
    expect(images.every(Boolean)).toBe(true); // every data: PNG decoded
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names what is wrong: no folder, both flags, neither', async () => {
    const missing = await cli('report', '--run', join(dir, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no readable config.json (not a gantry run folder)');
    const both = await cli('report', '--run', run, '--sweep', sweep);
    expect(both.code).toBe(2);
    expect(both.err).toContain('gantry report needs one of --run DIR');
    expect((await cli('report')).code).toBe(2);
  });
});

describe('gantry report --sweep', () => {
  it('compares the jobs on one page, the failed one included, and opens offline', async () => {
    const out = join(dir, 'sweep.html');
    const { code, err } = await cli('report', '--sweep', sweep, '--out', out);
    expect(code, err).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Gantry sweep: lr &#60;sweep&#62;');
    expect(html).toContain('3 jobs (2 done, 1 failed)');
    expect(html).toContain('E_NONFINITE_LOSS: training diverged');
    expect(html).toContain('<th>mean_d_real</th>'); // the eval column of the evaluated job
    expect(
      html
        .split('<svg')
        .find((s) => s.includes('aria-label="loss G"'))
        ?.match(/<path /g),
    ).toHaveLength(2);
    const { page, errors, requests } = await openReport(out, 'report-sweep.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a summary.json that is not a sweep summary, naming the file and key', async () => {
    const bad = join(dir, 'bad-sweep');
    await mkdir(bad);
    await writeFile(join(bad, 'summary.json'), JSON.stringify({ format: 1, sweep: {}, jobs: [] }));
    const r = await cli('report', '--sweep', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${join(bad, 'summary.json')}: not a gantry sweep summary: "sweep.base"`,
    );
  });
});

describe('gantry eval → TensorBoard', () => {
  it('appended the eval scalars at the final step next to the training events', async () => {
    const files = await listEventFiles(run);
    expect(files).toHaveLength(2);
    const evalEvents = (await readEventFile(files[1] as string)).events;
    expect(evalEvents[1]?.step).toBe(30);
    expect(evalEvents[1]?.summary?.map((v) => v.tag)).toEqual([
      'eval/mean_d_real',
      'eval/mean_d_fake',
      'eval/value',
      'eval/jsd_estimate',
      'eval/value_at_equilibrium',
    ]);
  });
});
