import { GLOBAL_MINIMUM_C } from '@gantry/core';
import type { Frame1d, Frame2d } from './analysis';
import { prepareCanvas } from './canvas';
import { COLORS } from './colors';
import type { MetricHistory } from './history';
import { drawLineChart, type LineChartSpec } from './lineChart';
import { formatNumber } from './scale';
import type { PlaygroundSession } from './session';

/** Chart size in CSS pixels. */
const CHART = { width: 380, height: 250 };

/** Draws the two charts under the view: the game's progress and the mean D outputs. */
export function drawCharts(
  canvases: { a: HTMLCanvasElement; b: HTMLCanvasElement },
  h: MetricHistory,
  s: PlaygroundSession,
): void {
  const chart = (canvas: HTMLCanvasElement, spec: LineChartSpec) =>
    drawLineChart(prepareCanvas(canvas, CHART.width, CHART.height), spec);
  if (s.dim === 1) {
    chart(canvases.a, {
      title: 'C(G) = −log 4 + 2·JSD, and JSD (nats)',
      series: [
        { label: 'C(G)', color: COLORS.criterion, points: h.series('criterion') },
        { label: 'JSD(p_data‖p_g)', color: COLORS.jsd, points: h.series('jsd') },
        ...(h.series('value').length
          ? [
              {
                label: 'V(D, G), learned D',
                color: COLORS.value,
                points: h.series('value'),
                dash: [5, 3],
              },
            ]
          : []),
      ],
      references: [
        { label: '−log 4', y: GLOBAL_MINIMUM_C, color: COLORS.criterion },
        { label: 'log 2', y: Math.LN2 },
      ],
      yRange: [-1.55, 0.85],
    });
  } else if (s.distribution.modes) {
    chart(canvases.a, {
      title: `Mode coverage (${s.distribution.modes.length} modes, within 3σ)`,
      series: [
        { label: 'modes captured / K', color: COLORS.real, points: h.series('modes') },
        { label: 'high-quality samples', color: COLORS.fake, points: h.series('highQuality') },
      ],
      yRange: [0, 1.05],
    });
  } else {
    chart(canvases.a, {
      title: 'Losses',
      series: [
        { label: 'D loss', color: COLORS.discriminator, points: h.series('lossD') },
        { label: 'G loss', color: COLORS.fake, points: h.series('lossG') },
      ],
    });
  }
  const r = s.readout;
  chart(canvases.b, {
    title: 'Mean D on real and on generated samples',
    series: [
      { label: 'D(x), real', color: COLORS.real, points: h.series('dReal') },
      { label: 'D(G(z)), generated', color: COLORS.fake, points: h.series('dFake') },
    ],
    ...(r.equilibrium !== null ? { references: [{ label: 'equilibrium', y: r.equilibrium }] } : {}),
    ...(r.range ? { yRange: r.range } : {}),
  });
}

/** The rows of the stats panel: counts, losses, D's means and what the data set measures. */
export function statsRows(
  s: PlaygroundSession,
  f: Frame1d | Frame2d | null,
  backendName: string,
): [string, string][] {
  const rows: [string, string][] = [
    ['iterations', String(s.counts.iterations)],
    ['D steps / G steps', `${s.counts.discriminatorSteps} / ${s.counts.generatorSteps}`],
    ['ms per update', formatNumber(s.last.stepMs ?? Number.NaN, 1)],
    [
      'D loss / G loss',
      `${formatNumber(s.last.lossD ?? Number.NaN)} / ${formatNumber(s.last.lossG ?? Number.NaN)}`,
    ],
    [
      'mean D(x) / D(G(z))',
      f ? `${formatNumber(f.means.real)} / ${formatNumber(f.means.fake)}` : '–',
    ],
  ];
  if (f && 'theory' in f) {
    rows.push(
      ['JSD (nats)', formatNumber(f.theory.jsd, 4)],
      ['C(G) (−log 4 = −1.3863)', formatNumber(f.theory.criterion, 4)],
      ['V(D, G) of the learned D', f.value ? formatNumber(f.value.value, 4) : 'log losses only'],
    );
  } else if (f && 'modes' in f) {
    rows.push(
      [
        'modes captured',
        f.modes ? `${f.modes.modesPacGan} / ${f.modes.numModes}` : 'this data has no mode centres',
      ],
      [
        'high-quality samples',
        f.modes ? `${(100 * f.modes.highQualityFraction).toFixed(1)} %` : '–',
      ],
      ['samples per mode', f.modes ? f.modes.histogram.join(' ') : '–'],
    );
  }
  if (f?.loaded) {
    const extra =
      'theory' in f && f.loaded && 'jsd' in f.loaded
        ? `JSD ${formatNumber(f.loaded.jsd, 4)}`
        : f.loaded && 'modes' in f.loaded && f.loaded.modes
          ? `modes captured ${f.loaded.modes.modesPacGan} / ${f.loaded.modes.numModes}`
          : '';
    rows.push([`loaded ${f.loaded.name}`, extra]);
  }
  rows.push(
    ['parameters G / D', `${s.parameters.generator} / ${s.parameters.discriminator}`],
    ['tfjs backend', backendName],
  );
  return rows;
}
