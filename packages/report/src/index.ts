export { colorAt, MINUS_LOG_4, metricSeries, PALETTE, runCharts } from './charts';
export {
  escapeHtml,
  formatValue,
  htmlPage,
  htmlTable,
  PAGE_STYLE,
  pngDataUri,
  type RawHtml,
  raw,
} from './html';
export { renderRunReport, sampleStrip } from './runReport';
export {
  downsample,
  type LineChartOptions,
  lineChartSvg,
  type ReferenceLine,
  type Series,
} from './svgChart';
export { renderSweepReport } from './sweepReport';
export type {
  DiscriminatorReading,
  MetricsPoint,
  RunRecordFacts,
  RunReportInput,
  SampleImage,
  SweepJobFacts,
  SweepReportInput,
} from './types';
