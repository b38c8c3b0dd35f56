import { downsample, lineChartSvg, type ReferenceLine, type Series } from './svgChart';
import type { DiscriminatorReading, MetricsPoint } from './types';

/** Colours of the series of a chart, in order (cycled past ten). */
export const PALETTE = [
  '#c0392b',
  '#2471a3',
  '#1e8449',
  '#b9770e',
  '#7d3c98',
  '#17a589',
  '#a04000',
  '#5d6d7e',
  '#d4ac0d',
  '#cb4335',
] as const;

/** The colour of the i-th series. */
export const colorAt = (i: number): string => PALETTE[i % PALETTE.length] as string;

/** At most this many points per series: a chart of 10,000 steps stays a few kilobytes. */
const MAX_POINTS = 500;

/** −log 4 = min C(G), reached exactly at p_g = p_data (Goodfellow et al. 2014, Theorem 1). */
export const MINUS_LOG_4 = -Math.log(4);

/**
 * A series of one metric over steps, at most 500 points (evenly spaced).
 *
 * @example
 * metricSeries(metrics, 'loss D', colorAt(0), (p) => p.lossD);
 */
export function metricSeries<P extends { step: number }>(
  points: readonly P[],
  label: string,
  color: string,
  field: (p: P) => number,
): Series {
  return { label, color, points: downsample(points, MAX_POINTS).map((p) => [p.step, field(p)]) };
}

/**
 * The charts of one run's training curve, as SVG strings: losses; mean D(x) and D(G(z)) (with
 * the ½ of D* at p_g = p_data when D is a probability); V(D, G) = −(lossD − penalty) against
 * −log 4 when lossD is the value function's negative (for the D of each step V(D, G) ≤ C(G) =
 * max_D V, with equality at D = D*, and C(G) = −log 4 + 2·JSD(p_data‖p_g) ≥ −log 4, equal at
 * p_g = p_data; batch noise can put V a little below it); the penalty when there is one; the
 * step time.
 */
export function runCharts(
  points: readonly MetricsPoint[],
  reading: DiscriminatorReading = { probability: false, valueFunction: false },
  titlePrefix = '',
): string[] {
  const t = (s: string) => `${titlePrefix}${s}`;
  const charts = [
    lineChartSvg(
      [
        metricSeries(points, 'loss D', colorAt(0), (p) => p.lossD),
        metricSeries(points, 'loss G', colorAt(1), (p) => p.lossG),
      ],
      { title: t('losses'), xLabel: 'step' },
    ),
  ];
  const eps = reading.labelSmoothing ?? 0;
  const half: ReferenceLine[] = !reading.probability
    ? []
    : eps > 0
      ? [{ y: (1 - eps) / 2, label: `(1 − ε)/2 = ${((1 - eps) / 2).toFixed(3)} (ε ${eps})` }]
      : [{ y: 0.5, label: 'D* = ½' }];
  charts.push(
    lineChartSvg(
      [
        metricSeries(points, 'D(x)', colorAt(2), (p) => p.dReal),
        metricSeries(points, 'D(G(z))', colorAt(3), (p) => p.dFake),
      ],
      {
        title: t(reading.probability ? 'mean D(x), D(G(z))' : 'mean critic scores'),
        xLabel: 'step',
        references: half,
      },
    ),
  );
  if (reading.valueFunction) {
    charts.push(
      lineChartSvg([metricSeries(points, 'V(D, G)', colorAt(4), (p) => p.penalty - p.lossD)], {
        title: t('V(D, G) = −(loss D − penalty) ≤ C(G)'),
        xLabel: 'step',
        references: [{ y: MINUS_LOG_4, label: '−log 4 = min C(G)' }],
      }),
    );
  }
  if (points.some((p) => p.penalty !== 0)) {
    charts.push(
      lineChartSvg([metricSeries(points, 'penalty', colorAt(5), (p) => p.penalty)], {
        title: t('penalty inside loss D'),
        xLabel: 'step',
      }),
    );
  }
  charts.push(
    lineChartSvg([metricSeries(points, 'ms/step', colorAt(7), (p) => p.stepMs)], {
      title: t('step time (ms)'),
      xLabel: 'step',
    }),
  );
  return charts;
}
