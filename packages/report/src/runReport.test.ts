import { describe, expect, it } from 'vitest';
import { MINUS_LOG_4 } from './charts';
import { renderRunReport } from './runReport';
import { renderSweepReport } from './sweepReport';
import type { MetricsPoint, RunReportInput } from './types';

/** A small PNG: the 67-byte 1×1 image every PNG decoder accepts. */
const PNG_1X1 = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

const metrics: MetricsPoint[] = Array.from({ length: 30 }, (_, i) => ({
  step: i + 1,
  lossD: 1.4 - i / 100,
  lossG: 0.7 + i / 100,
  dReal: 0.6,
  dFake: 0.4,
  penalty: 0,
  stepMs: 3,
}));

const input: RunReportInput = {
  title: 'mnist <test>',
  runDir: 'runs/mnist',
  record: {
    config: {
      data: 'mnist-sample',
      model: 'mlp',
      loss: 'non-saturating',
      lrD: 0.0005,
      prior: 'normal',
    },
    backend: { name: 'cpu', skipped: [{ candidate: 'tensorflow', reason: 'not installed' }] },
    totalSteps: 30,
    parameters: { generator: 1000, discriminator: 2000 },
    versions: { node: '20.0.0', '@gantry/trainer': '0.1.0' },
    updated: '2026-01-01T00:00:00.000Z',
  },
  summary: { reason: 'completed', steps: 30, seconds: 1.5 },
  metrics,
  samples: Array.from({ length: 40 }, (_, i) => ({ step: i * 10, png: PNG_1X1 })),
  evaluation: {
    rows: [['Fréchet distance', '31.2 (mnist classifier)']],
    notes: ['skipped kid: n too small'],
  },
  discriminator: { probability: true, valueFunction: true },
  generatedAt: '2026-01-02T00:00:00.000Z',
};

describe('renderRunReport', () => {
  const html = renderRunReport(input);

  it('is one page that can fetch nothing: a CSP of data: images and inline styles only', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      `content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`,
    );
    expect(html).not.toMatch(/(src|href)="(?!data:|#)/); // every src and href is data: or an anchor
    expect(html).not.toMatch(/<script|<link/);
  });

  it('charts losses, D outputs with the ½ line, V(D, G) against −log 4 and the step time', () => {
    const titles = [...html.matchAll(/<svg[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'losses',
      'mean D(x), D(G(z))',
      'V(D, G) = −(loss D − penalty) ≤ C(G)',
      'step time (ms)',
    ]);
    expect(html).toContain('D* = ½');
    expect(html).toContain('−log 4 = min C(G)');
    // The V(D, G) chart's y axis reaches down to −log 4 ≈ −1.386 (a tick at −1.4 or below).
    const vChart = html.split('<svg').find((s) => s.includes('V(D, G) ='));
    const ticks = [
      ...(vChart ?? '').matchAll(/text-anchor="end" dominant-baseline="middle">(-?[\d.]+)</g),
    ].map((m) => Number(m[1]));
    expect(Math.min(...ticks)).toBeLessThanOrEqual(MINUS_LOG_4 + 0.1);
  });

  it('leaves out the ½ and V(D, G) for a critic, and shows a penalty when there is one', () => {
    const wgan = renderRunReport({
      ...input,
      metrics: metrics.map((m) => ({ ...m, penalty: 0.5 })),
      discriminator: { probability: false, valueFunction: false },
    });
    expect(wgan).not.toContain('D* = ½');
    expect(wgan).not.toContain('−log 4');
    expect(wgan).toContain('aria-label="penalty inside loss D"');
    expect(wgan).toContain('aria-label="mean critic scores"');
  });

  it('moves the equilibrium line to (1 − ε)/2 under label smoothing, and leaves V(D, G) out', () => {
    const smoothed = renderRunReport({
      ...input,
      discriminator: { probability: true, valueFunction: false, labelSmoothing: 0.1 },
    });
    expect(smoothed).not.toContain('D* = ½');
    expect(smoothed).toContain('(1 − ε)/2 = 0.450 (ε 0.1)');
    expect(smoothed).not.toContain('−log 4');
  });

  it('shows at most 24 sample grids, evenly spaced with the last, as data: URIs', () => {
    const captions = [...html.matchAll(/<figcaption>step ([\d,]+)<\/figcaption>/g)].map(
      (m) => m[1],
    );
    expect(captions).toHaveLength(24);
    expect(captions[0]).toBe('0');
    expect(captions.at(-1)).toBe('390');
    expect(html).toContain('24 of the 40 grids');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo');
  });

  it('has the evaluation, the config, backend, versions and times, all escaped', () => {
    for (const part of [
      'Gantry run: mnist &#60;test&#62;',
      '<td>Fréchet distance</td><td>31.2 (mnist classifier)</td>',
      'skipped kid: n too small',
      '<td>lrD</td><td>0.0005</td>',
      '<td>skipped tensorflow</td><td>not installed</td>',
      '<td>@gantry/trainer</td><td>0.1.0</td>',
      'Trained 30 of 30 steps (completed) in 1.5 s on backend <b>cpu</b>',
      'record written 2026-01-01T00:00:00.000Z',
    ])
      expect(html).toContain(part);
  });

  it('says how to get an evaluation when there is none', () => {
    const { evaluation: _, ...rest } = input;
    expect(renderRunReport(rest)).toContain('gantry eval --run runs/mnist');
  });
});

describe('renderSweepReport', () => {
  it('compares the jobs: the grid keys, final numbers, eval columns, errors and curves', () => {
    const job = (id: string, lrD: number, status: string) => ({
      id,
      status,
      config: { lrD, loss: 'minimax' },
      runDir: `jobs/${id}`,
      attempts: status === 'failed' ? 2 : 1,
      ...(status === 'done'
        ? {
            final: { step: 30, lossD: 1.1, lossG: 0.9, dReal: 0.55, dFake: 0.45 },
            seconds: 2,
            evaluation: { fid: 40 + lrD * 1e4 },
            metrics,
            lastSample: { step: 30, png: PNG_1X1 },
          }
        : {}),
      ...(status === 'failed'
        ? { error: { code: 'E_NONFINITE_LOSS', message: 'lossD is NaN' } }
        : {}),
    });
    const html = renderSweepReport({
      title: 'lr <sweep>',
      created: '2026-01-01T00:00:00Z',
      grid: { lrD: [1e-4, 2e-4, 4e-4] },
      base: { data: 'mnist-sample' },
      jobs: [job('a', 1e-4, 'done'), job('b', 2e-4, 'done'), job('c', 4e-4, 'failed')],
    });
    for (const part of [
      'Gantry sweep: lr &#60;sweep&#62;',
      '3 jobs (2 done, 1 failed)',
      '<th>lrD</th>',
      '<th>fid</th>',
      '<td>0.0002</td><td>30</td><td>1.1000</td>',
      '<td>42.0000</td>',
      'failed (2 attempts)',
      'E_NONFINITE_LOSS: lossD is NaN',
    ])
      expect(html).toContain(part);
    const lossChart = html.split('<svg').find((s) => s.includes('aria-label="loss D"'));
    expect(lossChart?.match(/<path /g)).toHaveLength(2); // the two jobs with curves
    expect(html).not.toMatch(/(src|href)="(?!data:|#)/);
  });

  it('shows a final value that JSON wrote as null (non-finite) as such', () => {
    const html = renderSweepReport({
      title: 'nan',
      created: '2026-01-01T00:00:00Z',
      grid: {},
      base: {},
      jobs: [
        {
          id: 'a',
          status: 'failed',
          config: {},
          runDir: 'a',
          attempts: 1,
          final: { step: 7, lossD: null, lossG: 0.5, dReal: null, dFake: 0.25 },
        },
      ],
    });
    expect(html).toContain('<td>7</td><td>non-finite</td><td>0.5000</td><td>non-finite</td>');
  });
});
