// End to end: builds the app with Vite, serves the build on 127.0.0.1 and drives it in headless
// Chromium (Debian's `chromium`, or $CHROMIUM_PATH) through playwright-core. No browser is
// downloaded; without Chromium the suite fails and says how to get one.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '@gantry/test-utils/chromium';
import { runTraining } from '@gantry/trainer/node';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundState } from '../src/app';

const appDir = resolve(import.meta.dirname, '..');
const artifacts = join(appDir, 'test-artifacts');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

let outDir = '';
let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';

/** A tiny static server for the build: files under `root` only, index.html for `/`. */
function serve(root: string): Promise<Server> {
  const srv = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((ok) => srv.listen(0, '127.0.0.1', () => ok(srv)));
}

/** A fresh page that records every console error and uncaught exception. */
async function openPage(query: string): Promise<{ page: Page; errors: string[] }> {
  if (browserError) throw browserError;
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage({ viewport: { width: 1380, height: 860 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(`${origin}/?${query}`);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true', null, {
    timeout: 20_000,
  });
  return { page, errors };
}

const state = (page: Page) =>
  page.evaluate(() => {
    const hook = window.__playground;
    if (!hook) throw new Error('window.__playground is missing');
    return hook.state();
  });
const stepMany = (page: Page, n: number): Promise<PlaygroundState> =>
  page.evaluate((count) => {
    const hook = window.__playground;
    if (!hook) throw new Error('window.__playground is missing');
    return hook.stepMany(count, 10);
  }, n);
const canvasPixels = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
    if (!canvas) throw new Error(`no canvas #${canvasId}`);
    return canvas.toDataURL();
  }, id);

// Setup failures are kept and rethrown by each test, so that a missing Chromium fails every
// browser test with the message below instead of leaving them skipped.
let buildError: unknown = null;
let browserError: unknown = null;

beforeAll(async () => {
  try {
    outDir = await mkdtemp(join(tmpdir(), 'gantry-playground-'));
    await build({
      root: appDir,
      configFile: join(appDir, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } catch (e) {
    buildError = e;
    browserError = e;
    return;
  }
  try {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}: the end-to-end test needs a Chromium binary. ` +
          'Install Debian\'s "chromium" package (apt-get install chromium) or set CHROMIUM_PATH ' +
          'to a Chromium or Chrome executable.',
      );
    }
    server = await serve(outDir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    await mkdir(artifacts, { recursive: true });
  } catch (e) {
    browserError = e;
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('playground build', () => {
  it('loads one small bundle without the MNIST digits or the Node-only classifier loader', async () => {
    if (buildError) throw buildError;
    const assetsDir = join(outDir, 'assets');
    const assets = await readdir(assetsDir);
    const read = (f: string) => readFile(join(assetsDir, f), 'utf8');
    // What the page loads at start: the entry script and its static imports, transitively.
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const startup = new Set<string>([entry as string]);
    for (const f of startup) {
      for (const m of (await read(f)).matchAll(
        /(?:^|[;}\s])import[^"'()]*?from\s*["']\.\/([^"']+\.js)["']/g,
      )) {
        startup.add(m[1] as string);
      }
    }
    const sizes = await Promise.all(
      assets
        .filter((f) => startup.has(f) || f.endsWith('.css'))
        .map(async (f) => (await stat(join(assetsDir, f))).size),
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(1.2e6);
    // The only lazy chunks are the WebGPU backend's (~290 kB), fetched where navigator.gpu exists.
    const lazy = assets.filter((f) => f.endsWith('.js') && !startup.has(f));
    for (const f of lazy) expect(await read(f), f).toMatch(/WebGPU|webgpu/);
    for (const f of assets.filter((a) => a.endsWith('.js'))) {
      const code = await read(f);
      expect(code).not.toContain('classifiers/');
      expect(code).not.toMatch(/mnist[/\\]digits/i);
      expect(code).not.toContain('node:fs');
    }
  });
});

describe('playground in headless Chromium', () => {
  it('1-D: Figure 1 trains, D flattens to ½ and C(G) falls to −log 4, buttons step D and G', async () => {
    const { page, errors } = await openPage('data=gaussian1d&backend=cpu');
    const s0 = await state(page);
    expect(s0).toMatchObject({ backend: 'cpu', iterations: 0, historyLength: 1, error: null });
    expect(s0.jsd).toBeGreaterThan(0.5); // an untrained G sits far from p_data = N(2, 0.5²)
    const chart0 = await canvasPixels(page, 'chart-a');
    const view0 = await canvasPixels(page, 'view');

    await page.click('#step');
    await page.click('#step-d');
    await page.click('#step-g');
    const s1 = await state(page);
    expect(s1).toMatchObject({ iterations: 1, discriminatorSteps: 2, generatorSteps: 2 });

    const s2 = await stepMany(page, 50);
    const tensors = s2.numTensors;
    const s3 = await stepMany(page, 250);
    expect(s3.numTensors).toBe(tensors); // no tensor leaks in the loop
    expect(s3.iterations).toBe(301);
    expect(s3.historyLength).toBeGreaterThan(25);
    expect(s3.dReal).not.toBe(s0.dReal);
    // The game reaches its equilibrium: p_g on p_data, D ≈ ½ where the data is, C(G) → −log 4.
    expect(s3.jsd).toBeLessThan(0.15);
    expect(s3.criterion).toBeCloseTo(-Math.log(4) + 2 * (s3.jsd as number), 9);
    expect(Math.abs((s3.dReal as number) - 0.5)).toBeLessThan(0.15);
    expect(Math.abs((s3.dFake as number) - 0.5)).toBeLessThan(0.15);
    expect(await canvasPixels(page, 'chart-a')).not.toBe(chart0);
    expect(await canvasPixels(page, 'view')).not.toBe(view0);
    expect(await page.textContent('#stats')).toContain('JSD (nats)');

    await page.screenshot({ path: join(artifacts, 'playground-1d.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('2-D ring: heat map, generated points and mode coverage change as it trains', async () => {
    const { page, errors } = await openPage('data=ring2d&backend=cpu');
    const s0 = await state(page);
    expect(s0).toMatchObject({ numModes: 8, iterations: 0 });
    const view0 = await canvasPixels(page, 'view');
    const s1 = await stepMany(page, 200);
    expect(s1.iterations).toBe(200);
    expect(s1.dValues).toHaveLength(48 * 48);
    const changed = s1.dValues.filter((d, i) => Math.abs(d - (s0.dValues[i] as number)) > 1e-3);
    expect(changed.length).toBeGreaterThan(0.5 * s1.dValues.length);
    expect(s1.dReal).not.toBe(s0.dReal);
    expect(s1.modesCaptured).toBeGreaterThanOrEqual(0);
    expect(await canvasPixels(page, 'view')).not.toBe(view0);
    expect(await page.textContent('#stats')).toMatch(/modes captured\s*\d \/ 8/);
    await page.screenshot({ path: join(artifacts, 'playground-2d.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('puts every setting in the URL, and a shared URL restores them', async () => {
    const { page, errors } = await openPage('data=grid2d&backend=cpu');
    await page.selectOption('#field-loss', 'hinge');
    await page.fill('#field-k', '3');
    await page.press('#field-k', 'Enter');
    await page.fill('#field-lrG', '0.0002');
    await page.locator('#field-lrG').blur();
    await page.waitForFunction(() => location.search.includes('lrG='));
    const url = page.url();
    expect(url).toContain('loss=hinge');
    expect(url).toContain('k=3');
    expect(url).toContain('lrG=0.0002');
    await page.fill('#field-width', '9999'); // out of range: refused, marked invalid
    await page.locator('#field-width').blur();
    expect(await page.getAttribute('#field-width', 'class')).toContain('invalid');
    await page.close();

    const shared = await openPage(url.slice(url.indexOf('?') + 1));
    const s = await state(shared.page);
    expect(s.settings).toMatchObject({
      data: 'grid2d',
      loss: 'hinge',
      k: 3,
      lrG: 0.0002,
      width: 32,
    });
    expect(await shared.page.inputValue('#field-k')).toBe('3');
    const after = await stepMany(shared.page, 5);
    expect(after.discriminatorSteps).toBe(15); // k = 3 D steps per iteration
    expect([...errors, ...shared.errors]).toEqual([]);
    await shared.page.close();
  });

  it('play runs the training loop and pause stops it', async () => {
    const { page, errors } = await openPage('data=spiral2d&backend=cpu');
    await page.click('#play');
    await page.waitForFunction(() => (window.__playground?.state().iterations ?? 0) >= 5, null, {
      timeout: 15_000,
    });
    expect((await state(page)).playing).toBe(true);
    await page.click('#play');
    const paused = await state(page);
    expect(paused.playing).toBe(false);
    await page.waitForTimeout(300);
    expect((await state(page)).iterations).toBe(paused.iterations);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads a generator trained by `gantry train` and draws its samples with their mode coverage', async () => {
    const runDir = join(outDir, 'run');
    await runTraining({ data: 'ring2d', steps: 30, out: runDir, backend: 'cpu', seed: 2 });
    const { page, errors } = await openPage('data=ring2d&backend=cpu');
    const view0 = await canvasPixels(page, 'view');
    await page.setInputFiles('#load-generator', [
      join(runDir, 'generator', 'model.json'),
      join(runDir, 'generator', 'weights.bin'),
      join(runDir, 'config.json'),
    ]);
    await page.waitForFunction(() => window.__playground?.state().loaded !== null);
    const s = await state(page);
    expect(s.loaded).toMatchObject({
      name: 'model.json',
      latentDim: 2,
      prior: 'uniform', // ring2d's default (toyDefaults)
      data: 'ring2d',
    });
    expect(s.loaded?.samples).toBe(1000);
    expect(s.loaded?.modesCaptured).toBeGreaterThanOrEqual(0);
    expect(await page.textContent('#message')).toContain('loaded model.json');
    expect(await canvasPixels(page, 'view')).not.toBe(view0);
    // The wrong files are refused with a message, not an exception.
    await page.setInputFiles('#load-generator', [join(runDir, 'config.json')]);
    await page.waitForFunction(() => window.__playground?.state().loaded === null);
    expect(await page.textContent('#message')).toMatch(
      /could not load a generator: pick the generator/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('backend=auto runs on WebGPU or WebGL on a GPU, else on the CPU backend with a note saying why', async () => {
    const { page, errors } = await openPage('data=gaussian1d');
    const s = await stepMany(page, 3);
    expect(['webgpu', 'webgl', 'cpu']).toContain(s.backend);
    if (s.backend === 'cpu') {
      // --disable-gpu: navigator.gpu exists but offers no adapter; WebGL is SwiftShader.
      expect(await page.textContent('#message')).toMatch(/WebGPU is not used \(.+\); WebGL/);
    }
    expect(s.iterations).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with a WebGPU software adapter (SwiftShader): auto passes it over, backend=webgpu trains on it', async () => {
    if (browserError) throw browserError;
    // Chromium offers SwiftShader as a WebGPU fallback adapter only behind these two flags.
    const gpuBrowser = await chromium.launch({
      executablePath: chromiumPath,
      args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'],
    });
    try {
      const context = await gpuBrowser.newContext({ viewport: { width: 1380, height: 860 } });
      const open = async (query: string) => {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
        await page.goto(`${origin}/?${query}`);
        await page.waitForFunction(() => document.body.dataset['ready'] === 'true', null, {
          timeout: 60_000,
        });
        return { page, errors };
      };
      const auto = await open('data=gaussian1d');
      expect((await state(auto.page)).backend).not.toBe('webgpu');
      expect(await auto.page.textContent('#message')).toMatch(
        /WebGPU is not used \(only a software adapter: google swiftshader/,
      );
      const forced = await open('data=gaussian1d&backend=webgpu');
      const s = await stepMany(forced.page, 3);
      expect(s).toMatchObject({ backend: 'webgpu', iterations: 3, error: null });
      expect(await forced.page.textContent('#stats')).toMatch(/webgpu \(google swiftshader/);
      expect([...auto.errors, ...forced.errors]).toEqual([]);
    } finally {
      await gpuBrowser.close();
    }
  }, 180_000);
});
